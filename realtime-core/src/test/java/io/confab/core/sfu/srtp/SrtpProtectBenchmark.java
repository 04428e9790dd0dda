package io.confab.core.sfu.srtp;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the SFU pays per forwarded copy to protect it: one video packet (12-byte header, 1,180-byte
 * payload) protected for each of a fan-out's receivers in turn, each with its own session and key,
 * as {@code srtp_send} does. A figure, never asserted (see the SFU README, "SRTP profile").
 *
 * <p>Besides JMH's wall time per copy, each iteration prints the benchmark thread's own CPU time per
 * copy ({@code cpu ns/copy}): on the shared 2-core machine, where other builds run, wall time
 * measures the load as much as the code, CPU time much less so.
 *
 * <pre>
 * mvn -o -pl realtime-core test-compile
 * java -cp realtime-core/target/test-classes:realtime-core/target/classes:CLASSPATH \
 *     org.openjdk.jmh.Main SrtpProtectBenchmark -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SrtpProtectBenchmark {
    private static final int HEADER = 12;

    @Param({"AES_CM_128_HMAC_SHA1_80", "AEAD_AES_128_GCM"})
    public String profile;

    /** Receivers of one fan-out (13 at the bench's 14 bots); each copy goes to the next one's session. */
    @Param({"13"})
    public int receivers;

    @Param({"1180"})
    public int payload;

    /**
     * {@code in_place}: protect where the copy was written (the send path until 2026-12-05);
     * {@code into}: from the copy in clear into the send buffer, as srtp_send does now that video
     * copies are written into their NACK history slot.
     */
    @Param({"in_place", "into"})
    public String write;

    private OutboundSrtpSession[] sessions;
    private byte[] packet;
    private byte[] out;
    private boolean into;
    private int length;
    private int receiver;
    private int sequence;
    private long copies;
    private long cpuAtStart;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @Setup(Level.Trial)
    public void sessions() {
        SrtpProfile chosen = SrtpProfile.valueOf(profile);
        sessions = new OutboundSrtpSession[receivers];
        for (int i = 0; i < receivers; i++) {
            sessions[i] = new OutboundSrtpSession(chosen, Packets.keys(chosen, 17 + i));
        }
        packet = Packets.rtp(0x5501a0b2, 0, Packets.payload(payload, 3));
        length = HEADER + payload;
        out = new byte[packet.length];
        into = write.equals("into");
    }

    @Setup(Level.Iteration)
    public void startClock() {
        copies = 0;
        cpuAtStart = THREADS.getCurrentThreadCpuTime();
    }

    @TearDown(Level.Iteration)
    public void printCpuPerCopy() {
        long cpu = THREADS.getCurrentThreadCpuTime() - cpuAtStart;
        System.out.printf("%s %s cpu ns/copy %.1f%n", profile, write, (double) cpu / Math.max(1, copies));
    }

    /**
     * One copy: its sequence number moves on once per fan-out, as a rewritten stream's does, so no
     * session protects one index twice (which it refuses, and GCM's IV rule forbids).
     */
    @Benchmark
    public int protectOneCopy() {
        if (receiver == receivers) {
            receiver = 0;
            sequence = (sequence + 1) & 0xffff;
            packet[2] = (byte) (sequence >>> 8);
            packet[3] = (byte) sequence;
        }
        copies++;
        OutboundSrtpSession session = sessions[receiver++];
        int protectedLength = into ? session.protectRtp(packet, 0, length, out, 0) : session.protectRtp(packet, 0, length);
        if (protectedLength < 0) {
            throw new IllegalStateException("protect failed: " + protectedLength);
        }
        return protectedLength;
    }
}
