package io.confab.jobs.recording.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.confab.jobs.recording.MixerConfig;
import io.confab.jobs.recording.Participant;
import io.confab.jobs.recording.RecordingMix;
import io.confab.jobs.recording.RecordingWindow;
import io.confab.jobs.recording.TimelineEntry;
import io.confab.jobs.recording.mix.Layout;
import io.confab.jobs.track.TrackCounters;
import io.confab.media.codec.FfmpegNatives;
import io.confab.storage.events.MediaPacket;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * CPU of the recording mixer per live recording ({@code confab bench recording}; issue 14,
 * "Measure"). Makes a meeting of N participants each sending 720p VP8 at 30 fps of moving content
 * and Opus speech ({@link SyntheticMeeting}, encoded before anything is timed), then feeds their
 * packets through one {@link RecordingMix} as the operator does: in arrival order, rendering up to
 * the newest arrival less the render latency after each, finishing at the end, into a store that
 * only counts bytes. The engine thread's CPU time over the media's duration is the cores one live
 * recording takes; a sampler splits it by stage. Then K engines run at once on the 4-party input
 * to see how many recordings the machine keeps up with in real time.
 *
 * <p>Runs in a JVM of its own on the task manager's class path (Flink, the GPL FFmpeg natives and
 * the job jar), so the figures are those of the code and libraries the job runs with.
 */
public final class RecordingBench {

    static final long T0_MS = 1_700_000_000_000L;
    /** Participants' cameras: 720p VP8 at 1.5 Mbit/s, the top simulcast layer bench sfu sends. */
    static final int CAMERA_WIDTH = 1280;
    static final int CAMERA_HEIGHT = 720;
    static final int CAMERA_BITRATE = 1_500_000;
    /** Seconds of media run through a throwaway engine first, so the JIT has compiled the hot loops. */
    static final int WARM_UP_SECONDS = 8;
    /**
     * Media before the measured part of each run: the engine's first seconds are not its steady
     * state. A camera's first key frame is often lost to reordering (packets of it that arrive
     * before the first one the jitter buffer saw are late), so pictures start at the next key
     * frame, 3 s in; from 5 s on, every camera is decoded as it would be for the rest of a meeting.
     */
    static final int LEAD_IN_SECONDS = 5;
    static final int PARALLEL_PARTICIPANTS = 4;
    /** A new active speaker this often, so the gallery's border moves as in a conversation. */
    static final long SPEAKER_EVERY_MS = 3000;

    /** What the bench was asked to do. */
    record Options(List<Integer> participants, int seconds, int parallel, Layout layout, boolean json, String preset) {

        static Options parse(String[] args) {
            List<Integer> participants = List.of(2, 4, 9);
            int seconds = 20;
            int parallel = 0;
            Layout layout = Layout.GALLERY;
            boolean json = false;
            String preset = null;
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--participants" -> participants = Arrays.stream(value(args, ++i, arg).split(","))
                            .map(s -> number(s, arg, 1, 50)).toList();
                    case "--seconds" -> seconds = number(value(args, ++i, arg), arg, 2, 3600);
                    case "--parallel" -> parallel = number(value(args, ++i, arg), arg, 0, 64);
                    case "--layout" -> layout = switch (value(args, ++i, arg)) {
                        case "gallery" -> Layout.GALLERY;
                        case "speaker" -> Layout.SPEAKER;
                        default -> throw new IllegalArgumentException("--layout must be gallery or speaker, was " + args[i]);
                    };
                    case "--json" -> json = true;
                    case "--preset" -> preset = value(args, ++i, arg);
                    default -> throw new IllegalArgumentException("unknown option " + arg
                            + "; takes --participants 2,4,9 --seconds 20 --parallel K --layout gallery|speaker --preset X264_PRESET --json");
                }
            }
            return new Options(participants, seconds, parallel, layout, json, preset);
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        private static int number(String value, String option, int min, int max) {
            try {
                int n = Integer.parseInt(value.strip());
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // Reported below with the range.
            }
            throw new IllegalArgumentException(option + " takes whole numbers " + min + ".." + max + ", was \"" + value + "\"");
        }
    }

    /**
     * One engine's run.
     *
     * @param cpuSeconds   the engine thread's CPU time
     * @param cores        cpuSeconds per second of media: cores one live recording takes
     * @param stages       share of the engine's time per stage (sampled; empty when not sampled)
     * @param outputKbps   segment bytes written (video, mix and per-participant tracks) per second of
     *                     the whole run
     * @param framesDecoded camera frames decoded over the whole run, lead-in included
     * @param framesDropped camera frames not decoded (incomplete, or waiting for a key frame)
     */
    public record Run(int participants, double mediaSeconds, double cpuSeconds, double wallSeconds, double cores,
                      Map<String, Double> stages, long packets, double outputKbps, long thumbnails, long framesDecoded,
                      long framesDropped) { }

    /**
     * K engines at once on the same input, each on a thread of its own.
     *
     * @param coresGot           CPU the engines got over the wall time: below the machine's
     *                           processors when other processes compete for them
     * @param coresPerRecording  CPU per engine per second of media while K ran at once
     * @param keepsUp            the K engines finished within the media's duration (real time), on
     *                           this machine as loaded during the run
     * @param idleCapacity       recordings an otherwise idle machine keeps up with, from the CPU
     *                           they took: processors / coresPerRecording, rounded down
     */
    public record Parallel(int engines, int participants, double mediaSeconds, double wallSeconds, double cpuSeconds,
                           double coresGot, double coresPerRecording, double realTimeFactor, boolean keepsUp,
                           int idleCapacity) { }

    /** What was measured, with the machine's load average (over 1 minute) before and after. */
    public record Figures(String layout, int fps, int videoKbps, int cameraKbps, int availableProcessors, double loadBefore,
                          double loadAfter, List<Run> runs, Parallel parallel) { }

    private final Options options;
    private final MixerConfig config;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    RecordingBench(Options options) {
        this.options = options;
        Properties p = new Properties();
        // Only the engine runs: the job's Kafka, S3 and Cassandra settings are never used; every
        // media setting is the job's default.
        for (String key : Set.of("kafka.bootstrap", "s3.endpoint", "s3.access-key", "s3.secret-key", "cassandra.contact-point")) {
            p.setProperty(key, "unused");
        }
        p.setProperty("layout", options.layout().name().toLowerCase(Locale.ROOT));
        if (options.preset() != null) {
            p.setProperty("video.preset", options.preset());
        }
        this.config = MixerConfig.of(p);
        if (!threads.isCurrentThreadCpuTimeSupported()) {
            throw new IllegalStateException("this JVM cannot measure thread CPU time");
        }
        threads.setThreadCpuTimeEnabled(true);
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("bench recording: " + e.getMessage());
            System.exit(2);
            return;
        }
        Figures figures = new RecordingBench(options).run();
        if (options.json()) {
            System.out.println(new ObjectMapper().writeValueAsString(figures));
        } else {
            print(figures, options);
        }
    }

    Figures run() throws Exception {
        double loadBefore = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        // Loading the natives turns FFmpeg's own log down to fatal: libvpx's banner for every
        // camera's encoder would bury the progress lines.
        FfmpegNatives.load();
        int most = options.participants().stream().mapToInt(Integer::intValue).max().orElse(0);
        if (options.parallel() > 0) {
            most = Math.max(most, PARALLEL_PARTICIPANTS);
        }
        progress("encoding " + (LEAD_IN_SECONDS + options.seconds()) + " s of " + CAMERA_WIDTH + "x" + CAMERA_HEIGHT + " VP8 at 30 fps and Opus for "
                + most + " participant(s) (not timed)...");
        long encodeStart = System.nanoTime();
        List<MediaPacket> all = meeting(most, LEAD_IN_SECONDS + options.seconds()).arrivals();
        progress(String.format(Locale.ROOT, "  %,d packets in %.0f s", all.size(), (System.nanoTime() - encodeStart) / 1e9));

        progress("warming up the JIT on " + WARM_UP_SECONDS + " s of media (not counted)...");
        int warmParticipants = options.participants().isEmpty() ? PARALLEL_PARTICIPANTS : options.participants().get(0);
        engineRun(upTo(of(all, warmParticipants), WARM_UP_SECONDS), window(warmParticipants, WARM_UP_SECONDS), 0, false);

        List<Run> runs = new ArrayList<>();
        for (int n : options.participants()) {
            progress(n + " participant(s): mixing " + options.seconds() + " s on one thread...");
            Run run = engineRun(of(all, n), window(n, LEAD_IN_SECONDS + options.seconds()), LEAD_IN_SECONDS, true);
            progress(String.format(Locale.ROOT, "  %.2f cores (%.1f s CPU in %.1f s wall)", run.cores(), run.cpuSeconds(), run.wallSeconds()));
            runs.add(run);
        }
        Parallel parallel = null;
        if (options.parallel() > 0) {
            progress(options.parallel() + " engines at once, " + PARALLEL_PARTICIPANTS + " participants each...");
            parallel = parallel(of(all, PARALLEL_PARTICIPANTS), options.parallel());
            progress(String.format(Locale.ROOT, "  %.1f s wall for %d s of media", parallel.wallSeconds(), options.seconds()));
        }
        return new Figures(options.layout().name().toLowerCase(Locale.ROOT), config.framesPerSecond(), config.videoBitrate() / 1000,
                CAMERA_BITRATE / 1000, Runtime.getRuntime().availableProcessors(), loadBefore,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), runs, parallel);
    }

    /** {@code count} participants, each with a camera of moving content and a voice. */
    static SyntheticMeeting meeting(int count, int seconds) {
        SyntheticMeeting meeting = new SyntheticMeeting(T0_MS * 1000 + 20_000);
        for (int i = 0; i < count; i++) {
            meeting.camera(participantId(i), 1000 + i, seconds, new MovingScene(CAMERA_WIDTH, CAMERA_HEIGHT, i + 1), CAMERA_BITRATE)
                    .voice(participantId(i), 2000 + i, seconds, i + 1);
        }
        return meeting;
    }

    static String participantId(int i) {
        return "participant-" + (i + 1);
    }

    /** The packets of the first {@code count} participants. */
    private static List<MediaPacket> of(List<MediaPacket> all, int count) {
        Set<String> ids = new java.util.HashSet<>();
        for (int i = 0; i < count; i++) {
            ids.add(participantId(i));
        }
        return all.stream().filter(p -> ids.contains(p.getParticipantId())).toList();
    }

    private static List<MediaPacket> upTo(List<MediaPacket> packets, int seconds) {
        long end = (T0_MS + seconds * 1000L) * 1000;
        return packets.stream().filter(p -> SyntheticMeeting.micros(p) < end).toList();
    }

    /** A recording of the whole input with everyone present from the start and the speaker moving round. */
    static RecordingWindow window(int participants, int seconds) {
        RecordingWindow window = new RecordingWindow();
        window.recordingId = "bench-" + participants;
        window.accountId = "bench";
        window.meetingId = "m-synthetic";
        window.startedAtMs = T0_MS;
        window.stoppedAtMs = T0_MS + seconds * 1000L;
        for (int i = 0; i < participants; i++) {
            window.initialParticipants.add(new Participant(participantId(i), "Participant " + (i + 1), false, false));
        }
        window.initialSpeaker = participantId(0);
        for (long at = SPEAKER_EVERY_MS; at < seconds * 1000L; at += SPEAKER_EVERY_MS) {
            window.entries.add(TimelineEntry.speaker(T0_MS + at, participantId((int) (at / SPEAKER_EVERY_MS) % participants)));
        }
        return window;
    }

    /**
     * Feeds {@code arrivals} through a new engine on this thread, as the operator does, and measures
     * it from when it has rendered {@code leadInSeconds} of media to its finish.
     */
    private Run engineRun(List<MediaPacket> arrivals, RecordingWindow window, int leadInSeconds, boolean sample) throws Exception {
        CountingStore store = new CountingStore();
        long latencyMicros = config.latency().toNanos() / 1000;
        long leadInEnd = window.startedAtMs * 1000 + leadInSeconds * 1_000_000L;
        long endMicros = window.stoppedAtMs * 1000;
        long cpuStart = 0;
        long wallStart = 0;
        long measuredFrom = -1;
        StageSampler sampler = null;
        Map<String, Double> stages = Map.of();
        TrackCounters counters;
        try (RecordingMix engine = new RecordingMix(window, config, store)) {
            for (MediaPacket packet : arrivals) {
                if (measuredFrom < 0 && engine.renderedMicros() >= leadInEnd) {
                    measuredFrom = engine.renderedMicros();
                    sampler = sample ? new StageSampler(Thread.currentThread()) : null;
                    cpuStart = threads.getCurrentThreadCpuTime();
                    wallStart = System.nanoTime();
                }
                engine.offer(packet);
                engine.advance(SyntheticMeeting.micros(packet) - latencyMicros);
            }
            if (measuredFrom < 0) {
                measuredFrom = engine.renderedMicros();
                cpuStart = threads.getCurrentThreadCpuTime();
                wallStart = System.nanoTime();
            }
            engine.finish(endMicros);
            counters = engine.counters();
        } finally {
            if (sampler != null) {
                sampler.close();
                stages = sampler.shares();
            }
        }
        double cpu = (threads.getCurrentThreadCpuTime() - cpuStart) / 1e9;
        double wall = (System.nanoTime() - wallStart) / 1e9;
        double media = (endMicros - measuredFrom) / 1e6;
        int participants = window.initialParticipants.size();
        return new Run(participants, media, cpu, wall, cpu / media, stages, arrivals.size(),
                store.segmentBytes * 8 / (window.durationMs() / 1000.0) / 1000, store.images, counters.framesDecoded,
                counters.framesDropped);
    }

    /** {@code engines} engines fed the same packets at once, each on its own thread, started together. */
    private Parallel parallel(List<MediaPacket> arrivals, int engines) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(engines);
        try {
            CountDownLatch ready = new CountDownLatch(engines);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Run>> runs = new ArrayList<>();
            for (int i = 0; i < engines; i++) {
                runs.add(pool.submit(() -> {
                    RecordingWindow window = window(PARALLEL_PARTICIPANTS, LEAD_IN_SECONDS + options.seconds());
                    ready.countDown();
                    go.await();
                    return engineRun(arrivals, window, LEAD_IN_SECONDS, false);
                }));
            }
            ready.await();
            go.countDown();
            double cpu = 0;
            double wall = 0;
            for (Future<Run> run : runs) {
                cpu += run.get().cpuSeconds();
                wall = Math.max(wall, run.get().wallSeconds());
            }
            double media = runs.get(0).get().mediaSeconds();
            double perRecording = cpu / engines / media;
            int idle = (int) Math.floor(Runtime.getRuntime().availableProcessors() / perRecording);
            return new Parallel(engines, PARALLEL_PARTICIPANTS, media, wall, cpu, cpu / wall, perRecording, media / wall,
                    wall <= media, idle);
        } finally {
            pool.shutdownNow();
        }
    }

    private static void print(Figures f, Options options) {
        System.out.printf(Locale.ROOT, "recording mixer: %s layout, %dx%d at %d fps, H.264 %d kbit/s + AAC; each participant sends"
                        + " %dx%d VP8 at 30 fps (%d kbit/s) and Opus; %d s of media per run; %d processors%n",
                f.layout(), Layout.WIDTH, Layout.HEIGHT, f.fps(), f.videoKbps(), CAMERA_WIDTH, CAMERA_HEIGHT, f.cameraKbps(),
                options.seconds(), f.availableProcessors());
        if (!f.runs().isEmpty()) {
            System.out.printf(Locale.ROOT, "%-12s %7s %7s %6s", "participants", "CPU s", "wall s", "cores");
            for (String stage : StageSampler.ORDER) {
                System.out.printf(Locale.ROOT, " %13s", stage);
            }
            System.out.printf(Locale.ROOT, " %10s %14s%n", "out kbit/s", "frames dropped");
            for (Run run : f.runs()) {
                System.out.printf(Locale.ROOT, "%-12d %7.1f %7.1f %6.2f", run.participants(), run.cpuSeconds(), run.wallSeconds(), run.cores());
                for (String stage : StageSampler.ORDER) {
                    Double share = run.stages().get(stage);
                    System.out.printf(Locale.ROOT, " %13s", share == null ? "-" : String.format(Locale.ROOT, "%.2f (%2.0f%%)",
                            share * run.cores(), share * 100));
                }
                System.out.printf(Locale.ROOT, " %10.0f %7d of %,d%n", run.outputKbps(), run.framesDropped(),
                        run.framesDecoded() + run.framesDropped());
            }
            System.out.println("(measured after a " + LEAD_IN_SECONDS + " s lead-in; stage columns: cores, and share of the engine's"
                    + " time, sampled every " + StageSampler.INTERVAL_MILLIS + " ms; frames dropped: camera frames not decoded"
                    + " over the whole run, a lost first key frame's 3 s among them)");
        }
        Parallel p = f.parallel();
        if (p != null) {
            System.out.printf(Locale.ROOT, "%d recordings of %d participants at once: %.1f s wall for %.0f s of media each = %.2fx real time,"
                            + " %s on this machine as loaded; they got %.2f of its %d cores and took %.2f cores each, so an otherwise"
                            + " idle machine like it keeps up with about %d%n",
                    p.engines(), p.participants(), p.wallSeconds(), p.mediaSeconds(), p.realTimeFactor(),
                    p.keepsUp() ? "kept up" : "fell behind", p.coresGot(), f.availableProcessors(), p.coresPerRecording(),
                    p.idleCapacity());
        }
        System.out.printf(Locale.ROOT, "load average (1 min): %.1f before, %.1f after%n", f.loadBefore(), f.loadAfter());
    }

    private static void progress(String line) {
        System.err.println("bench recording: " + line);
    }
}
