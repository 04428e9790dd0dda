package io.confab.core.sfu.transport;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sends on a real epoll socket whose send buffer is full: the kernel answers {@code EAGAIN}, and what
 * it did not take is dropped at the flush, counted, and a dropped GSO send's promise fails with
 * {@code SendBufferFull} instead of reporting success; a full buffer is no refusal of GSO, so the
 * socket goes on segmenting. A send buffer fills only when sent datagrams wait below the socket, which
 * loopback never lets them do, so {@link SendsOnAFullBuffer} runs in a network namespace of its own
 * ({@code unshare}, no privileges needed) whose loopback drains through an 8 kbit/s token bucket
 * ({@code tc qdisc tbf}). Needs util-linux's {@code unshare}, iproute2's {@code ip} and {@code tc},
 * unprivileged user namespaces and the {@code sch_tbf} qdisc, as Debian and Ubuntu have them.
 */
class MediaSocketFullSendBufferTest {

    @Test
    void whatTheKernelDoesNotTakeIsDroppedCountedAndItsGsoPromisesFail() throws Exception {
        Map<String, String> result = runInSlowNamespace();

        int runsSent = Integer.parseInt(result.get("writer.runsSent"));
        int runsDropped = Integer.parseInt(result.get("writer.runsFailedSendBufferFull"));
        assertTrue(runsSent > 0, () -> "the first GSO sends fit the empty buffer: " + result);
        assertTrue(runsDropped > 0, () -> "the buffer filled and later GSO sends were dropped: " + result);
        assertEquals("0", result.get("writer.runsFailedOtherwise"), () -> "no other failure: " + result);
        assertEquals(SendsOnAFullBuffer.RUNS, runsSent + runsDropped, () -> "every run's promise is settled: " + result);
        assertEquals(runsDropped * SendsOnAFullBuffer.SEGMENTS, Integer.parseInt(result.get("writer.datagramsDropped")),
                () -> "the drop counts each dropped run's datagrams: " + result);
        assertEquals("0", result.get("writer.queuedAfter"), () -> "nothing stays queued for a later writable event: " + result);
        assertEquals("true", result.get("writer.segmenting"), () -> "a full buffer is not a refusal of GSO: " + result);
        assertEquals("0", result.get("writer.refusals"), () -> "no refusal told: " + result);

        long sent = Long.parseLong(result.get("port.datagramsSent"));
        long refused = Long.parseLong(result.get("port.sendsRefused"));
        assertTrue(sent > 0 && refused > 0, () -> "some copies left, the rest were dropped: " + result);
        assertEquals(SendsOnAFullBuffer.COPIES, sent + refused, () -> "each copy counted once, sent or refused: " + result);
        assertEquals("0", result.get("port.segmentationRefusals"), () -> "the port still sends with GSO: " + result);
        assertEquals("true", result.get("port.udpSegmentation"), () -> result.toString());
        assertEquals("0", result.get("port.failures"), () -> result.toString());
    }

    private static Map<String, String> runInSlowNamespace() throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // A new user and network namespace: root there, with a loopback of its own to slow down.
        List<String> command = List.of("unshare", "--user", "--map-root-user", "--net", "sh", "-c",
                "ip link set lo up && tc qdisc add dev lo root tbf rate 8kbit burst 1600 limit 10000000"
                        + " && exec \"$0\" -cp \"$1\" " + SendsOnAFullBuffer.class.getName(),
                java, System.getProperty("java.class.path"));
        Path log = Files.createTempFile("sends-on-a-full-buffer", ".log");
        Process child = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean ended = child.waitFor(60, TimeUnit.SECONDS);
        if (!ended) {
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.delete(log);
        assertTrue(ended && child.exitValue() == 0, () -> "the sends in a slow namespace should run to the end; they printed:\n" + output);
        Map<String, String> result = new HashMap<>();
        for (String line : output.split("\n")) {
            int equals = line.indexOf('=');
            if (equals > 0 && (line.startsWith("writer.") || line.startsWith("port."))) {
                result.put(line.substring(0, equals), line.substring(equals + 1).trim());
            }
        }
        assertTrue(result.containsKey("port.failures"), () -> "every figure printed; the output was:\n" + output);
        return result;
    }
}
