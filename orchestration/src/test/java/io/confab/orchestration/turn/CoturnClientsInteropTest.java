package io.confab.orchestration.turn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.confab.orchestration.Cli;
import io.confab.orchestration.SharedPlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Debian's coturn client tools, the reference implementation's own test clients, against our TURN
 * server inside the running platform (UDP, TCP and TLS), with credentials from
 * {@code confab turn credentials}.
 */
@ExtendWith(SharedPlatform.class)
class CoturnClientsInteropTest {

    private static final int MESSAGES = 50;

    @Test
    void stunClientGetsItsMappedAddress(SharedPlatform.Running running) throws Exception {
        String output = run(List.of("turnutils_stunclient", "-p", port(running), "127.0.0.1"));
        assertTrue(output.contains("UDP reflexive addr: 127.0.0.1:"), output);
    }

    @Test
    void uclientRelaysOverUdpWithoutLoss(SharedPlatform.Running running) throws Exception {
        assertNoLoss(relay(running, false));
    }

    @Test
    void uclientRelaysOverTcpWithoutLoss(SharedPlatform.Running running) throws Exception {
        assertNoLoss(relay(running, true));
    }

    @Test
    void uclientRelaysOverTlsWithoutLoss(SharedPlatform.Running running) throws Exception {
        assertTrue(running.platform().turn().address().contains("turns:127.0.0.1:" + tlsPort(running)),
                running.platform().turn().address());
        assertNoLoss(relay(running, List.of("-t", "-S"), tlsPort(running)));
    }

    /**
     * Without -c every uclient session also asks for an RTCP allocation: EVEN-PORT with the R bit
     * for the RTP one and the RESERVATION-TOKEN it got for the RTCP one (RFC 8656 §7.2), so the two
     * clients of -m 2 become four sessions, each relaying MESSAGES.
     */
    @Test
    void uclientRelaysRtpAndRtcpPairsThroughReservedPorts(SharedPlatform.Running running) throws Exception {
        JsonNode credential = credential(running);
        String output = run(List.of("turnutils_uclient", "-y",
                "-u", credential.path("username").asText(), "-w", credential.path("password").asText(),
                "-p", port(running), "-n", Integer.toString(MESSAGES), "-m", "2", "-l", "200", "-e", "127.0.0.1",
                "127.0.0.1"));
        assertTrue(output.contains("Total lost packets 0 (0.000000%)"), "no loss on loopback: " + output);
        assertEquals(4 * MESSAGES, lastReceived(output), "every RTP and RTCP message came back: " + output);
    }

    @Test
    void wrongPasswordGetsNoAllocation(SharedPlatform.Running running) throws Exception {
        JsonNode credential = credential(running);
        String output = run(List.of("turnutils_uclient", "-v", "-y", "-c", "-u", credential.path("username").asText(),
                "-w", "not-the-password", "-p", port(running), "-n", "5", "-m", "1", "-e", "127.0.0.1", "127.0.0.1"));
        // uclient does not print the code; the 401 itself is checked in TurnAuthenticationTest.
        assertTrue(output.contains("Cannot complete Allocation"), "no allocation with a wrong password: " + output);
        assertTrue(!output.contains("Total lost packets"), "nothing was relayed: " + output);
    }

    private String relay(SharedPlatform.Running running, boolean tcp) throws Exception {
        return relay(running, tcp ? List.of("-t") : List.of(), port(running));
    }

    private String relay(SharedPlatform.Running running, List<String> transport, String port) throws Exception {
        JsonNode credential = credential(running);
        // -c: no RTCP port pairs (WebRTC multiplexes RTCP on the RTP port); the pairs have their own test.
        List<String> command = new ArrayList<>(List.of("turnutils_uclient", "-y", "-c",
                "-u", credential.path("username").asText(), "-w", credential.path("password").asText(),
                "-p", port, "-n", Integer.toString(MESSAGES), "-m", "2", "-l", "200", "-e", "127.0.0.1"));
        command.addAll(transport);
        command.add("127.0.0.1");
        return run(command);
    }

    /** uclient with -m 2 -y: two clients, each relaying MESSAGES to the other through its allocation. */
    private static void assertNoLoss(String output) {
        assertTrue(output.contains("Total lost packets 0 (0.000000%)"), "no loss on loopback: " + output);
        assertEquals(2 * MESSAGES, lastReceived(output), "every message came back through the relay: " + output);
    }

    private static int lastReceived(String output) {
        Matcher received = Pattern.compile("tot_recv_msgs=(\\d+)").matcher(output);
        int last = -1;
        while (received.find()) {
            last = Integer.parseInt(received.group(1));
        }
        return last;
    }

    private static JsonNode credential(SharedPlatform.Running running) throws IOException {
        Cli.Result result = Cli.run(Duration.ofSeconds(60), "turn", "credentials", "--user", "interop", "--json",
                "--data-dir", running.platform().config().dataDir().toString());
        assertEquals(0, result.exitCode(), result.out() + result.err());
        return new ObjectMapper().readTree(result.out());
    }

    private static String port(SharedPlatform.Running running) {
        return Integer.toString(running.platform().turn().port());
    }

    private static String tlsPort(SharedPlatform.Running running) {
        return Integer.toString(running.platform().turn().tlsPort());
    }

    private static String run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within 60 s");
        }
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
