package io.confab.orchestration.bench;

import io.confab.orchestration.platform.Installation;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The flood process against a plain socket server: one whole request per connection, from the flood
 * addresses, a new passcode each time, its answers counted, stopped by closing its input.
 */
class GuessingFloodTest {

    @Test
    void eachGuessIsOneWholeRequestOnAConnectionOfItsOwnAndItsAnswersAreCounted() throws Exception {
        Set<String> passcodes = ConcurrentHashMap.newKeySet();
        Set<String> sources = ConcurrentHashMap.newKeySet();
        AtomicInteger answered = new AtomicInteger();
        AtomicInteger split = new AtomicInteger();
        try (ServerSocket server = new ServerSocket(0, 512, InetAddress.getByName("127.0.0.1"))) {
            Thread acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try (Socket connection = server.accept()) {
                        sources.add(connection.getInetAddress().getHostAddress());
                        InputStream in = connection.getInputStream();
                        byte[] buffer = new byte[4096];
                        int read = in.read(buffer);
                        String request = new String(buffer, 0, Math.max(0, read), StandardCharsets.US_ASCII);
                        int bodyAt = request.indexOf("\r\n\r\n") + 4;
                        int length = Integer.parseInt(request.replaceAll("(?s).*Content-Length: (\\d+).*", "$1"));
                        if (bodyAt < 4 || request.length() - bodyAt != length) {
                            split.incrementAndGet();
                        } else {
                            passcodes.add(request.replaceAll("(?s).*\"passcode\":\"([^\"]*)\".*", "$1"));
                        }
                        OutputStream out = connection.getOutputStream();
                        out.write("HTTP/1.1 429 Too Many Requests\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
                                .getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        answered.incrementAndGet();
                    } catch (Exception e) {
                        // The server closing ends the loop.
                    }
                }
            });
            acceptor.start();
            String classes = Path.of(GuessingFlood.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
            Process flood = new ProcessBuilder(List.of("setsid", "-w", Installation.javaExecutable(), "-cp", classes,
                    GuessingFlood.class.getName(), "127.0.0.1", Integer.toString(server.getLocalPort()), "12345678901",
                    "1", "1", "60", "0")).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            // A few guesses, however busy the machine: the test is about what they look like, not how many.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (answered.get() < 5 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            flood.getOutputStream().close();
            assertTrue(flood.waitFor(30, TimeUnit.SECONDS), "the flood stops when its input closes");
            String line = new String(flood.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
            server.close();
            acceptor.join(5_000);

            assertEquals(0, flood.exitValue(), line);
            String[] parts = line.split(" ");
            double seconds = Double.parseDouble(parts[0]);
            assertTrue(seconds > 0 && seconds < 150, line);
            long refused = 0;
            for (int i = 1; i < parts.length; i++) {
                if (parts[i].startsWith("429=")) {
                    refused = Long.parseLong(parts[i].substring(4));
                }
            }
            assertTrue(refused >= 5, "guesses answered 429 were counted: " + line);
            assertTrue(Math.abs(answered.get() - refused) <= 2, "server answered " + answered + ", flood counted: " + line);
            assertEquals(0, split.get(), "every request arrived whole in one read");
            assertEquals(Set.of("127.0.100.1"), sources, "guesses come from the flood address");
            assertTrue(passcodes.size() >= refused - 2 && passcodes.contains("guess000000"),
                    "a new passcode for each guess: " + passcodes.size() + " distinct of " + refused);
        }
    }
}
