package io.confab.core.fuzz;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.confab.core.sfu.rtcp.RtcpParser;
import io.confab.core.sfu.rtp.RtpPacket;
import io.confab.core.sfu.rtp.RtpParseStatus;
import io.confab.core.sfu.sdp.SdpParser;
import io.confab.core.signaling.protocol.ProtocolCodec;
import io.confab.core.stun.StunDecoder;
import io.confab.core.turn.ChannelData;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterAll;

/**
 * Every decoder of what arrives from the network, fed what a fuzzer makes of its seeds
 * ({@code WireDecodersFuzzTestInputs/<method>/}). The contract under test is the one the
 * servers rely on: bad input is a result (a parse error, a status), never an exception, and a
 * result that says "parsed" is consistent with the bytes it came from.
 *
 * <p>In the normal test run these replay the seeds and every crash ever found (Jazzer's
 * regression mode); {@code ./run-tests} also fuzzes {@link #anyDecoder} for a bounded time (the
 * module's pom, profile {@code fuzz}: a surefire execution with {@code JAZZER_FUZZ=1}).
 */
class WireDecodersFuzzTest {

    private static final ProtocolCodec SIGNALING = new ProtocolCodec();
    /** Inputs run per decoder in this JVM, printed at the end: the fuzzing figure in the README. */
    private static final Map<String, LongAdder> RUNS = new ConcurrentSkipListMap<>();
    private static final long STARTED = System.nanoTime();

    @AfterAll
    static void report() {
        RUNS.forEach((decoder, runs) -> System.out.printf("fuzz %s: %d inputs in %.0f s%n", decoder, runs.sum(),
                (System.nanoTime() - STARTED) / 1e9));
    }

    private static void ran(String decoder) {
        RUNS.computeIfAbsent(decoder, d -> new LongAdder()).increment();
    }

    /**
     * What {@code ./run-tests} fuzzes: all six decoders in one JVM, the first byte choosing which
     * (starting a JVM and instrumenting the core costs more than the fuzzing, six times over).
     */
    @FuzzTest(maxDuration = "40s")
    void anyDecoder(byte[] input) {
        if (input.length == 0) {
            return;
        }
        byte[] rest = Arrays.copyOfRange(input, 1, input.length);
        switch (Math.floorMod(input[0], 6)) {
            case 0 -> stun(rest);
            case 1 -> turnChannelData(rest);
            case 2 -> rtp(rest);
            case 3 -> rtcp(rest);
            case 4 -> sdp(rest);
            default -> signalingFrame(rest);
        }
    }

    @FuzzTest(maxDuration = "10s")
    void stun(byte[] datagram) {
        ran("stun");
        assertNotNull(StunDecoder.decode(datagram));
        StunDecoder.looksLikeStun(datagram);
    }

    @FuzzTest(maxDuration = "10s")
    void turnChannelData(byte[] datagram) {
        ran("turnChannelData");
        ChannelData.decode(datagram, 0, datagram.length).ifPresent(frame ->
                assertTrue(frame.data().length <= datagram.length, "channel data longer than its datagram"));
    }

    @FuzzTest(maxDuration = "10s")
    void rtp(byte[] datagram) {
        ran("rtp");
        RtpPacket packet = new RtpPacket();
        RtpParseStatus status = packet.parse(datagram, 0, datagram.length);
        assertNotNull(status);
    }

    @FuzzTest(maxDuration = "10s")
    void rtcp(byte[] compound) {
        ran("rtcp");
        assertNotNull(RtcpParser.parse(compound));
    }

    @FuzzTest(maxDuration = "10s")
    void sdp(byte[] text) {
        ran("sdp");
        assertNotNull(SdpParser.parse(new String(text, StandardCharsets.UTF_8)));
    }

    @FuzzTest(maxDuration = "10s")
    void signalingFrame(byte[] frame) {
        ran("signalingFrame");
        assertNotNull(SIGNALING.parse(new String(frame, StandardCharsets.UTF_8)));
    }
}
