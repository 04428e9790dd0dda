package io.confab.orchestration.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

/**
 * The passcode-guessing flood of {@code confab bench guessing}, as a process of its own that
 * {@link GuessingLoad} starts in a session of its own ({@code setsid}): wrong-passcode joins against
 * one meeting from loopback addresses 127.0.100.x on (FIRST-ADDRESS, 0 unless given, skips that
 * many: each round of a bench floods from addresses of its own), a new TCP connection for each guess (as an
 * attacker's are; keep-alive would be a different, cheaper attack), until its standard input closes
 * or {@code max-seconds} pass. Then it prints one line, {@code seconds answers...}: the time it
 * flooded and its answers by HTTP status ({@code -1}: no answer).
 *
 * <p>Why a process of its own: the flood stands for machines elsewhere on the network, whose CPU is
 * not the server's. On a kernel with scheduler autogroups a session is scheduled as one group: in its
 * own session the flood gets one group's share of the cores, like each of the platform's servers
 * (each in a session of its own), instead of sharing the joiners'; raising the group's nice
 * ({@code /proc/self/autogroup}; a thread's nice would rank it only within its session) makes it
 * yield further. The guesses it sends a second are part of the figures, so a flood starved of CPU
 * (as at nice 19 on a busy machine) shows as one.
 *
 * <p>Why each guess is cheap: the request is encoded once per thread and only its passcode's digits
 * change; it goes out in one write, so the server reads it whole at once (two writes, headers then
 * body, can cost the server a second read, and the client a delayed segment).
 */
public final class GuessingFlood {

    static final String USAGE = "usage: GuessingFlood HOST PORT MEETING FLOODERS ADDRESSES MAX-SECONDS NICE [FIRST-ADDRESS]";

    /** 127.0.100.1 to 127.0.255.250, 250 a /24: the addresses a flood may come from. */
    public static final int MAX_ADDRESSES = 156 * 250;

    /** Passcode digits, fixed-width so the request's length never changes. */
    private static final int DIGITS = 6;

    public static void main(String[] args) throws Exception {
        if (args.length != 7 && args.length != 8) {
            System.err.println(USAGE);
            System.exit(2);
        }
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        String meeting = args[2];
        int flooders = Integer.parseInt(args[3]);
        int addresses = Integer.parseInt(args[4]);
        long maxNanos = Long.parseLong(args[5]) * 1_000_000_000L;
        int nice = Integer.parseInt(args[6]);
        int first = args.length == 8 ? Integer.parseInt(args[7]) : 0;
        if (first < 0 || addresses < 1 || first + addresses > MAX_ADDRESSES) {
            System.err.println("guessing flood: FIRST-ADDRESS + ADDRESSES must be 1.." + MAX_ADDRESSES + ", was " + first
                    + " + " + addresses);
            System.exit(2);
        }
        if (nice != 0) {
            try {
                Files.writeString(Path.of("/proc/self/autogroup"), Integer.toString(nice));
            } catch (IOException | RuntimeException e) {
                System.err.println("guessing flood: could not set its scheduling group's nice to " + nice
                        + " (" + e.getMessage() + "); it competes with the platform for the cores");
            }
        }
        Map<Integer, LongAdder> answers = new ConcurrentHashMap<>();
        AtomicBoolean flooding = new AtomicBoolean(true);
        InetSocketAddress server = new InetSocketAddress(host, port);
        List<Thread> threads = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < flooders; i++) {
            int index = first + i % addresses;
            InetAddress from = InetAddress.getByAddress(new byte[] {127, 0, (byte) (100 + index / 250), (byte) (1 + index % 250)});
            Thread thread = new Thread(() -> flood(server, from, meeting, flooding, answers), "flooder-" + i);
            thread.start();
            threads.add(thread);
        }
        Thread stdin = new Thread(() -> {
            try (InputStream in = System.in) {
                while (in.read() >= 0) {
                    // Nothing is sent; the end of the stream is the signal to stop.
                }
            } catch (IOException e) {
                // A broken pipe stops the flood the same way.
            }
            flooding.set(false);
        }, "flood-stop");
        stdin.setDaemon(true);
        stdin.start();
        while (flooding.get() && System.nanoTime() - start < maxNanos) {
            Thread.sleep(50);
        }
        flooding.set(false);
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<Integer, Long> counted = new TreeMap<>();
        answers.forEach((status, count) -> counted.put(status, count.sum()));
        StringBuilder line = new StringBuilder(String.format(java.util.Locale.ROOT, "%.3f", seconds));
        counted.forEach((status, count) -> line.append(' ').append(status).append('=').append(count));
        System.out.println(line);
        System.out.flush();
        System.exit(0);
    }

    private static void flood(InetSocketAddress server, InetAddress from, String meeting, AtomicBoolean flooding,
                              Map<Integer, LongAdder> answers) {
        String body = "{\"displayName\":\"Guesser\",\"passcode\":\"guess" + "0".repeat(DIGITS) + "\"}";
        byte[] request = ("POST /api/meetings/" + meeting + "/join HTTP/1.1\r\nHost: " + server.getHostString() + ":"
                + server.getPort() + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                + "\r\nConnection: close\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII);
        int digitsAt = request.length - 2 - DIGITS;
        byte[] head = new byte[12];
        long guess = 0;
        while (flooding.get()) {
            long n = guess++;
            for (int d = DIGITS - 1; d >= 0; d--) {
                request[digitsAt + d] = (byte) ('0' + n % 10);
                n /= 10;
            }
            int status = guess(server, from, request, head);
            answers.computeIfAbsent(status, s -> new LongAdder()).increment();
        }
    }

    /** One guess over a connection of its own: the status of the answer, -1 when none came. */
    private static int guess(InetSocketAddress server, InetAddress from, byte[] request, byte[] head) {
        try (Socket socket = new Socket()) {
            socket.setTcpNoDelay(true);
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(server, 5_000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            int read = socket.getInputStream().readNBytes(head, 0, head.length);
            if (read < head.length) {
                return -1;
            }
            return (head[9] - '0') * 100 + (head[10] - '0') * 10 + (head[11] - '0');
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
