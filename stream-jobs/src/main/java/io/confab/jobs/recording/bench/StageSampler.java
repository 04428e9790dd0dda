package io.confab.jobs.recording.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where one engine thread spends its time, by sampling its stack every few milliseconds and naming
 * the stage of the innermost frame that belongs to one: decoding (VP8, Opus), compositing (canvas,
 * compositor, name labels), video and audio encoding (x264, AAC), thumbnails (JPEG), segment files,
 * and the rest (jitter buffers, depacketizing, mixing, the bench's own loop). The engine is not
 * changed for it, and a sample costs one stack walk of one thread (about 1 % of a core at 200 Hz).
 *
 * <p>Samples count wall time while the thread is runnable, so shares are exact only if the thread
 * is not held off the CPU more in one stage than another; on a busy machine they are shares of
 * runnable time, which the bench multiplies by the thread's measured CPU time.
 */
final class StageSampler implements AutoCloseable {

    static final long INTERVAL_MILLIS = 5;

    /** Class name prefixes to stages, the innermost matching frame decides. */
    private static final List<Map.Entry<String, String>> STAGES = List.of(
            Map.entry("io.confab.media.codec.Vp8Decoder", "decode VP8"),
            Map.entry("io.confab.media.codec.OpusDecoder", "decode Opus"),
            Map.entry("io.confab.media.codec.H264Encoder", "encode H.264"),
            Map.entry("io.confab.media.codec.AacEncoder", "encode AAC"),
            Map.entry("io.confab.jobs.recording.output.Thumbnails", "thumbnails"),
            Map.entry("io.confab.jobs.recording.output.SegmentFile", "segment files"),
            Map.entry("io.confab.jobs.recording.mix.Canvas", "composite"),
            Map.entry("io.confab.jobs.recording.mix.NameLabels", "composite"),
            Map.entry("io.confab.jobs.recording.mix.Compositor", "composite"));
    static final String OTHER = "other";
    /** The order stages are reported in. */
    static final List<String> ORDER = List.of("decode VP8", "decode Opus", "composite", "encode H.264", "encode AAC",
            "thumbnails", "segment files", OTHER);

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final long threadId;
    private final Map<String, Long> samples = new LinkedHashMap<>();
    private final Thread sampler;
    private volatile boolean running = true;

    /** Starts sampling {@code target}. */
    StageSampler(Thread target) {
        this.threadId = target.getId();
        this.sampler = new Thread(this::run, "stage-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    private void run() {
        while (running) {
            ThreadInfo info = threads.getThreadInfo(threadId, 64);
            if (info != null && info.getThreadState() == Thread.State.RUNNABLE) {
                String stage = stageOf(info.getStackTrace());
                synchronized (samples) {
                    samples.merge(stage, 1L, Long::sum);
                }
            }
            try {
                Thread.sleep(INTERVAL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    static String stageOf(StackTraceElement[] stack) {
        for (StackTraceElement frame : stack) {
            for (Map.Entry<String, String> stage : STAGES) {
                if (frame.getClassName().startsWith(stage.getKey())) {
                    return stage.getValue();
                }
            }
        }
        return OTHER;
    }

    /** Each stage's share of the samples, in {@link #ORDER}; empty if nothing was sampled. */
    Map<String, Double> shares() {
        Map<String, Double> shares = new LinkedHashMap<>();
        synchronized (samples) {
            long total = samples.values().stream().mapToLong(Long::longValue).sum();
            if (total == 0) {
                return shares;
            }
            for (String stage : ORDER) {
                shares.put(stage, samples.getOrDefault(stage, 0L) / (double) total);
            }
        }
        return shares;
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        sampler.join();
    }
}
