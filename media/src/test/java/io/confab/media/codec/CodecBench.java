package io.confab.media.codec;

import io.confab.media.picture.I420Frame;
import io.confab.media.picture.TestPattern;
import io.confab.media.vp8.Vp8Frame;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The figures in media/README.md: process CPU time per 1280x720 picture for H264Encoder (one thread, each
 * preset named on the command line) and for Vp8Decoder (with and without copying the pixels out).
 * Input is the moving {@link TestPattern}; each figure is the median of 5 runs of 150 pictures
 * after a warm-up. Run from the repository root:
 *
 * <pre>
 *   mvn -B -q -o -pl media test-compile dependency:build-classpath -Dmdep.outputFile=$PWD/media/target/cp.txt
 *   java -cp media/target/test-classes:media/target/classes:$(cat media/target/cp.txt) \
 *       io.confab.media.codec.CodecBench ultrafast veryfast
 * </pre>
 */
public final class CodecBench {
    private static final int WIDTH = 1280;
    private static final int HEIGHT = 720;
    private static final int PICTURES = 150;
    private static final int RUNS = 5;
    /** Process CPU, so threads a codec starts on its own are counted too. */
    private static final com.sun.management.OperatingSystemMXBean CPU =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private CodecBench() {
    }

    public static void main(String[] args) {
        FfmpegNatives.load();
        List<I420Frame> pictures = new ArrayList<>();
        TestPattern camera = new TestPattern(WIDTH, HEIGHT);
        for (int i = 0; i < PICTURES; i++) {
            pictures.add(camera.nextFrame().copy());
        }
        String[] presets = args.length == 0 ? new String[] {"ultrafast", "veryfast"} : args;
        for (String preset : presets) {
            for (int bitrate : new int[] {2_500_000}) {
                double[] runs = new double[RUNS + 1];
                long bytes = 0;
                for (int run = 0; run <= RUNS; run++) {
                    H264Encoder.Config config = H264Encoder.Config.bitrate(WIDTH, HEIGHT, 30, bitrate).withPreset(preset);
                    try (H264Encoder encoder = new H264Encoder(config)) {
                        long start = CPU.getProcessCpuTime();
                        bytes = 0;
                        for (int i = 0; i < PICTURES; i++) {
                            for (EncodedPacket packet : encoder.encode(pictures.get(i), i, false)) {
                                bytes += packet.data().length;
                            }
                        }
                        runs[run] = (CPU.getProcessCpuTime() - start) / 1e6 / PICTURES;
                    }
                }
                System.out.printf(Locale.ROOT, "H264Encoder %s, 1 thread, %d kbit/s: %.2f ms CPU per 1280x720 picture"
                        + " (%d kB for %d pictures)%n", preset, bitrate / 1000, median(runs), bytes / 1000, PICTURES);
            }
        }
        List<Vp8Frame> frames = new ArrayList<>();
        try (Vp8Encoder encoder = new Vp8Encoder(WIDTH, HEIGHT, 1_500_000)) {
            for (I420Frame picture : pictures) {
                frames.add(encoder.encode(picture).orElseThrow());
            }
        }
        for (boolean copy : new boolean[] {false, true}) {
            double[] runs = new double[RUNS + 1];
            for (int run = 0; run <= RUNS; run++) {
                try (Vp8Decoder decoder = new Vp8Decoder()) {
                    I420Frame target = new I420Frame(WIDTH, HEIGHT);
                    long start = CPU.getProcessCpuTime();
                    for (Vp8Frame frame : frames) {
                        decoder.decode(frame.data());
                        if (copy) {
                            decoder.copyPicture(target);
                        }
                    }
                    runs[run] = (CPU.getProcessCpuTime() - start) / 1e6 / frames.size();
                }
            }
            System.out.printf(Locale.ROOT, "Vp8Decoder%s: %.2f ms CPU per 1280x720 frame (1.5 Mbit/s libvpx realtime)%n",
                    copy ? " + copyPicture" : "", median(runs));
        }
    }

    /** Median of the runs after the first (the warm-up). */
    private static double median(double[] runs) {
        double[] measured = Arrays.copyOfRange(runs, 1, runs.length);
        Arrays.sort(measured);
        return measured[measured.length / 2];
    }
}
