package io.confab.orchestration.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.confab.orchestration.bench.ProcessMemory;
import io.confab.orchestration.platform.BatchCli;
import io.confab.orchestration.platform.Component;
import io.confab.orchestration.platform.Installation;
import io.confab.orchestration.platform.Platform;
import io.confab.orchestration.platform.PlatformConfig;
import io.confab.orchestration.platform.StartupFailure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code confab bench}: the platform's own benchmarks: start-up, signaling, the SFU, TURN, the
 * recording mixer, transcription, billing, SQL over the warehouse, DTLS handshakes.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure the platform. Figures go in the module READMEs with the machine they came from.",
        subcommands = {BenchCommand.PlatformBench.class, BenchCommand.SignalingBench.class, SfuBenchCommand.class,
                TurnBench.class, BenchCommand.RecordingBench.class, TranscriptionBenchCommand.class,
                BenchCommand.BillingBench.class, QueryBench.class, BenchCommand.UsageBench.class, WarehouseBench.class,
                GuessingBench.class, CaptionsBenchCommand.class, DtlsBench.class, Argon2BenchCommand.class})
final class BenchCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /**
     * Cold start (fresh data directory) to all healthy, resident memory after an idle period, and
     * warm start (second start over the same data), on free ports in a scratch data directory.
     */
    @Command(name = "platform", mixinStandardHelpOptions = true,
            description = {"Cold and warm start of the embedded platform to all healthy, and its resident memory at idle.",
                    "Uses a scratch data directory and free ports; does not touch ./data."})
    static final class PlatformBench implements Callable<Integer> {

        @Mixin
        PlatformOptions options;

        @Option(names = "--idle-seconds", defaultValue = "30", description = "Idle time before memory is read (default: ${DEFAULT-VALUE}).")
        int idleSeconds;

        @Mixin
        BenchFigures output;

        @Override
        public Integer call() throws Exception {
            Path data = Files.createTempDirectory("confab-bench-");
            options.dataDir = data;
            options.randomPorts = true;
            PlatformConfig config = options.toConfig();
            try {
                progress("cold start over an empty data directory...");
                long coldStart = System.nanoTime();
                Platform platform = Platform.start(config, line -> progress(line));
                double coldSeconds = (System.nanoTime() - coldStart) / 1e9;

                progress("idle for " + idleSeconds + " s...");
                Thread.sleep(Duration.ofSeconds(idleSeconds).toMillis());
                Map<String, ProcessMemory> memory = memoryByComponent(platform);
                platform.stop();

                progress("warm start over the same data...");
                long warmStart = System.nanoTime();
                Platform again = Platform.start(config, line -> progress(line));
                double warmSeconds = (System.nanoTime() - warmStart) / 1e9;
                again.stop();

                report(coldSeconds, warmSeconds, memory);
                return 0;
            } catch (StartupFailure e) {
                System.err.println("confab bench platform: " + e.getMessage());
                return ConfabCommand.FAILED;
            } finally {
                deleteRecursively(data);
            }
        }

        private Map<String, ProcessMemory> memoryByComponent(Platform platform) {
            Map<String, ProcessMemory> memory = new LinkedHashMap<>();
            List<Long> all = new ArrayList<>();
            for (Component component : platform.components()) {
                List<Long> pids = withDescendants(component.pids());
                all.addAll(pids);
                memory.put(component.name(), ProcessMemory.of(pids));
            }
            long launcher = ProcessHandle.current().pid();
            memory.put("launcher", ProcessMemory.of(List.of(launcher)));
            all.add(launcher);
            memory.put("total", ProcessMemory.of(all));
            return memory;
        }

        private static List<Long> withDescendants(List<Long> pids) {
            List<Long> all = new ArrayList<>(pids);
            for (long pid : pids) {
                ProcessHandle.of(pid).ifPresent(p -> p.descendants().forEach(d -> all.add(d.pid())));
            }
            return all;
        }

        private void report(double cold, double warm, Map<String, ProcessMemory> memory) throws IOException {
            if (output.json) {
                ObjectMapper mapper = new ObjectMapper();
                ObjectNode root = mapper.createObjectNode();
                root.put("coldStartSeconds", round(cold));
                root.put("warmStartSeconds", round(warm));
                root.put("idleSeconds", idleSeconds);
                ObjectNode mem = root.putObject("memoryMiB");
                memory.forEach((name, m) -> {
                    ObjectNode node = mem.putObject(name);
                    node.put("rss", round(m.rssMiB()));
                    node.put("pss", round(m.pssMiB()));
                });
                System.out.println(mapper.writeValueAsString(root));
                return;
            }
            System.out.printf(Locale.ROOT, "cold start to all healthy: %.1f s%n", cold);
            System.out.printf(Locale.ROOT, "warm start to all healthy: %.1f s%n", warm);
            System.out.printf(Locale.ROOT, "resident memory after %d s idle (MiB):%n", idleSeconds);
            System.out.printf(Locale.ROOT, "  %-10s %8s %8s%n", "component", "RSS", "PSS");
            memory.forEach((name, m) -> System.out.printf(Locale.ROOT, "  %-10s %8.0f %8.0f%n", name, m.rssMiB(), m.pssMiB()));
        }

        private static double round(double value) {
            return Math.round(value * 10) / 10.0;
        }

        private static void progress(String line) {
            System.err.println(line);
        }

        private static void deleteRecursively(Path dir) throws IOException {
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    /** Signaling under load: participants in meetings on the running platform, all chatting. */
    @Command(name = "signaling", mixinStandardHelpOptions = true,
            description = {"Join latency and delivered messages per second with many WebSocket participants,",
                    "and realtime-core's memory per participant. Needs a running platform ('confab up')."})
    static final class SignalingBench implements Callable<Integer> {

        @Mixin
        PlatformOptions options;

        @Option(names = "--meetings", defaultValue = "100", description = "Meetings (default: ${DEFAULT-VALUE}).")
        int meetings;

        @Option(names = "--per-meeting", defaultValue = "10", description = "Participants per meeting (default: ${DEFAULT-VALUE}).")
        int perMeeting;

        @Option(names = "--seconds", defaultValue = "20", description = "How long everyone chats (default: ${DEFAULT-VALUE}).")
        int seconds;

        @Option(names = "--rate", defaultValue = "1", description = "Chat messages per second per participant (default: ${DEFAULT-VALUE}).")
        double rate;

        @Mixin
        BenchFigures output;

        @Override
        public Integer call() throws Exception {
            var platform = RunningPlatform.of(options, "bench signaling");
            if (platform.isEmpty()) {
                return ConfabCommand.FAILED;
            }
            var web = platform.get().web();
            long pid = RunningPlatform.firstPid(web).orElse(-1);
            var figures = new io.confab.orchestration.bench.SignalingLoad(web.address(), platform.get().address("kafka"),
                    io.confab.orchestration.platform.InternalCredentials.kafkaLogin(platform.get().config()), PlatformBench::progress)
                    .run(meetings, perMeeting, java.time.Duration.ofSeconds(seconds), rate, pid);
            if (output.json) {
                System.out.println(new ObjectMapper().writeValueAsString(figures));
            } else {
                System.out.printf(Locale.ROOT, "%d participants in %d meetings%n", figures.participants(), figures.meetings());
                System.out.printf(Locale.ROOT, "join latency (connect -> joined): p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                        figures.joinP50Ms(), figures.joinP99Ms(), figures.joinMaxMs());
                System.out.printf(Locale.ROOT, "chat: %d sent, %d messages delivered in %.1f s = %.0f delivered/s%n",
                        figures.chatsSent(), figures.messagesDelivered(), figures.seconds(), figures.deliveredPerSecond());
                System.out.printf(Locale.ROOT, "realtime-core RSS: %.0f MiB before, %.0f MiB with everyone joined = %.0f KiB per participant%n",
                        figures.serverRssBeforeMiB(), figures.serverRssAfterMiB(), figures.kibPerParticipant());
                System.out.printf(Locale.ROOT, "meeting events, happened -> readable on Kafka: %d events,"
                        + " p50 %.0f ms, p99 %.0f ms, max %.0f ms%n", figures.events(), figures.eventDelayP50Ms(),
                        figures.eventDelayP99Ms(), figures.eventDelayMaxMs());
            }
            return 0;
        }
    }

    /**
     * The usage meter on the running platform: events per second per core (exactly once) and
     * Left-to-Cassandra delay; or, with --in-process, stream-jobs' {@code MeterBench} in a JVM of its
     * own on the meter's class path, without a platform.
     */
    @Command(name = "usage", mixinStandardHelpOptions = true,
            description = {"Usage metering events per second per core of the meter's process (exactly once), and the delay",
                    "from a ParticipantLeft to the account's total in Cassandra. Needs a running platform ('confab up');",
                    "writes a bench account's events to meeting.events and its usage to Cassandra.",
                    "With --in-process: no platform; the real usage topology in one JVM, driven by Kafka Streams'",
                    "TopologyTestDriver with generated meetings, in events per CPU-second inside the topology's processors",
                    "(the driver's own per-record commit left out), and per stream-thread CPU-second less a no-op topology's."})
    static final class UsageBench implements Callable<Integer> {

        @Mixin
        ProcessContext context;

        static final String IN_PROCESS_MAIN = "io.confab.jobs.usage.bench.MeterBench";

        @Option(names = "--in-process", description = "Measure the meter's topology in one JVM, without the platform.")
        boolean inProcess;

        @Option(names = "--meetings", defaultValue = "2000", description = "With --in-process: meetings measured (default: ${DEFAULT-VALUE}).")
        int meetings;

        @Option(names = "--participants", defaultValue = "10", description = "With --in-process: people per meeting (default: ${DEFAULT-VALUE}).")
        int participants;

        @Option(names = "--accounts", defaultValue = "200", description = "With --in-process: accounts (default: ${DEFAULT-VALUE}).")
        int accounts;

        @Option(names = "--days", defaultValue = "3", description = "With --in-process: UTC days the meetings spread over (default: ${DEFAULT-VALUE}).")
        int days;

        @Option(names = "--jfr", paramLabel = "FILE", description = "With --in-process: also record a Java Flight Recording into FILE.")
        Path jfr;

        @Option(names = "--stores", paramLabel = "heap|disk", defaultValue = "heap",
                description = "With --in-process: where the stores that grow with the data live; the meter's are on disk, but the"
                        + " test driver flushes disk stores after every record, which the meter does not (default: ${DEFAULT-VALUE}).")
        String stores;

        @Mixin
        PlatformOptions options;

        @Option(names = "--events", defaultValue = "200000", description = "Events in the flood (default: ${DEFAULT-VALUE}).")
        int events;

        @Option(names = "--arrival", paramLabel = "time|presence", defaultValue = "time",
                description = "The order of a meeting's events on meeting.events: 'time', its Joins before its Leaves, as the meeting"
                        + " service emits them; 'presence', each person's Join then Left, so every Left empties the meeting in"
                        + " arrival order (this bench's order before stop 45) (default: ${DEFAULT-VALUE}).")
        String arrival;

        @Option(names = "--delay-samples", defaultValue = "20", description = "Single Left events timed to Cassandra (default: ${DEFAULT-VALUE}).")
        int delaySamples;

        @Option(names = "--floor", description = {"Instead of a flood: Kafka Streams' own cost per event on this machine under the",
                "meter's settings and JVM options, over the events already on meeting.events (run it after a flood), in four",
                "stages: records read and dropped, also decoded, also a record out per ParticipantLeft, also each meeting's value",
                "read and written back in a changelogged store. The floor under any meter built on Kafka Streams; nothing is",
                "written to Cassandra."})
        boolean floor;

        static final String FLOOR_MAIN = "io.confab.jobs.usage.bench.StreamsFloor";

        @Mixin
        BenchFigures output;

        @Override
        public Integer call() throws Exception {
            if (inProcess) {
                return inProcess();
            }
            if (events < 2 || delaySamples < 0) {
                System.err.println("confab bench usage: --events must be at least 2 and --delay-samples not negative");
                return ConfabCommand.USAGE;
            }
            io.confab.orchestration.bench.UsageLoad.Arrival order;
            try {
                order = io.confab.orchestration.bench.UsageLoad.Arrival.valueOf(arrival.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                System.err.println("confab bench usage: --arrival must be time or presence, not '" + arrival + "'");
                return ConfabCommand.USAGE;
            }
            var platform = RunningPlatform.of(options, "bench usage");
            if (platform.isEmpty()) {
                return ConfabCommand.FAILED;
            }
            if (floor) {
                return floor(platform.get());
            }
            var meter = platform.get().component("usage");
            if (meter.isEmpty()) {
                System.err.println("confab bench usage: the running platform has no usage meter (started by an older build?)");
                return ConfabCommand.FAILED;
            }
            String kafka = platform.get().component("kafka").orElseThrow().address();
            String cassandra = platform.get().component("cassandra").orElseThrow().address();
            long pid = RunningPlatform.firstPid(meter.get()).orElse(-1);
            // The platform's own logins (none on loopback): an exposed platform requires both.
            var config = platform.get().config();
            var figures = new io.confab.orchestration.bench.UsageLoad(kafka,
                    io.confab.orchestration.platform.InternalCredentials.kafkaLogin(config), cassandra,
                    io.confab.orchestration.platform.InternalCredentials.cassandraLogin(config), config.cassandra().datacenter(),
                    meter.get().address(), pid, PlatformBench::progress).run(events, order, delaySamples);
            if (output.json) {
                System.out.println(new ObjectMapper().writeValueAsString(figures));
            } else {
                System.out.printf(Locale.ROOT, "%,d events metered in %.1f s = %,.0f events/s; the meter used %.1f CPU s = %,.0f events per core-second%n",
                        figures.events(), figures.seconds(), figures.eventsPerSecond(), figures.meterCpuSeconds(), figures.eventsPerCoreSecond());
                System.out.printf(Locale.ROOT, "Left to Cassandra total (%d samples): p50 %.0f ms, p95 %.0f ms, p99 %.0f ms, max %.0f ms%n",
                        figures.delaySamples(), figures.delayP50Ms(), figures.delayP95Ms(), figures.delayP99Ms(), figures.delayMaxMs());
            }
            return 0;
        }

        /** Kafka Streams' floor in a JVM with the meter's options, on the meter's class path, against the platform's Kafka. */
        private int floor(RunningPlatform platform) throws Exception {
            List<String> args = new ArrayList<>(List.of("--kafka=" + platform.component("kafka").orElseThrow().address(),
                    "--state-dir=" + platform.config().dataDir().resolve("bench").resolve("streams-floor")));
            args.addAll(io.confab.orchestration.platform.InternalCredentials.kafkaLoginArguments(platform.config()));
            return onMetersClasspath(io.confab.orchestration.platform.UsageMeter.jvmOptions(
                    io.confab.orchestration.platform.TransparentHugePages.ofThisMachine()), null, FLOOR_MAIN, args);
        }

        /** {@code main} forked on stream-jobs' class path, with {@code --json} passed on when asked. */
        private int onMetersClasspath(List<String> jvmOptions, Path jfr, String main, List<String> args) throws Exception {
            String classpath;
            try {
                classpath = new Installation(context.home()).moduleClasspath("stream-jobs");
            } catch (StartupFailure e) {
                System.err.println("confab bench usage: " + e.getMessage());
                return ConfabCommand.FAILED;
            }
            List<String> all = new ArrayList<>(args);
            if (output.json) {
                all.add("--json");
            }
            return ForkedBench.run(classpath, jvmOptions, jfr, main, all);
        }

        private int inProcess() throws Exception {
            if (!stores.equals("heap") && !stores.equals("disk")) {
                System.err.println("confab bench usage --in-process: --stores must be heap or disk, not '" + stores + "'");
                return ConfabCommand.USAGE;
            }
            if (meetings < 1 || participants < 1 || accounts < 1 || days < 1 || days > 28) {
                System.err.println("confab bench usage --in-process: --meetings, --participants and --accounts must be at least 1"
                        + " and --days 1 to 28 (older days are no longer metered)");
                return ConfabCommand.USAGE;
            }
            return onMetersClasspath(List.of("-Xmx2g"), jfr, IN_PROCESS_MAIN, List.of("--meetings=" + meetings,
                    "--participants=" + participants, "--accounts=" + accounts, "--days=" + days, "--stores=" + stores));
        }
    }

    /**
     * The recording mixer's CPU per live recording, without the platform: stream-jobs'
     * {@code RecordingBench} in a JVM of its own on the task manager's class path (Flink, the GPL
     * FFmpeg natives, the job jar), as the job runs on the session cluster.
     */
    @Command(name = "recording", mixinStandardHelpOptions = true,
            description = {"CPU of the recording mixer per live recording (cores per recording, by stage) for meetings of",
                    "N participants each sending 720p VP8 at 30 fps and Opus, composited at 720p into H.264 + AAC;",
                    "then K recordings of 4 participants at once, to see how many keep up in real time.",
                    "Does not need the platform running: it feeds the mixer's engine pre-encoded packets in one JVM."})
    static final class RecordingBench implements Callable<Integer> {

        @Mixin
        ProcessContext context;

        static final String MAIN = "io.confab.jobs.recording.bench.RecordingBench";

        @Option(names = "--participants", defaultValue = "2,4,9", split = ",",
                description = "Meeting sizes to measure, one run each (default: ${DEFAULT-VALUE}).")
        List<Integer> participants;

        @Option(names = "--seconds", defaultValue = "20", description = "Media measured per run, after a 5 s lead-in (default: ${DEFAULT-VALUE}).")
        int seconds;

        @Option(names = "--parallel", defaultValue = "3",
                description = "Recordings of 4 participants run at once for the real-time figure; 0 skips it (default: ${DEFAULT-VALUE}).")
        int parallel;

        @Option(names = "--layout", defaultValue = "gallery", description = "gallery or speaker (default: ${DEFAULT-VALUE}).")
        String layout;

        @Option(names = "--preset", description = "x264 preset of the composite (default: the job's, superfast).")
        String preset;

        @Option(names = "--jfr", paramLabel = "FILE", description = "Also record a Java Flight Recording of the runs into FILE.")
        Path jfr;

        @Mixin
        BenchFigures output;

        @Override
        public Integer call() throws Exception {
            if (participants.isEmpty() || participants.stream().anyMatch(n -> n < 1 || n > 50) || seconds < 2 || parallel < 0
                    || !(layout.equals("gallery") || layout.equals("speaker"))) {
                System.err.println("confab bench recording: needs --participants of 1 to 50 each, --seconds >= 2, --parallel >= 0,"
                        + " --layout gallery or speaker");
                return ConfabCommand.USAGE;
            }
            Installation installation = new Installation(context.home());
            String classpath;
            try {
                classpath = installation.serverClasspath("flink") + java.io.File.pathSeparator + installation.streamJobsJar();
            } catch (StartupFailure e) {
                System.err.println("confab bench recording: " + e.getMessage());
                return ConfabCommand.FAILED;
            }
            List<String> args = new ArrayList<>(List.of("--participants",
                    String.join(",", participants.stream().map(String::valueOf).toList()), "--seconds", Integer.toString(seconds),
                    "--parallel", Integer.toString(parallel), "--layout", layout));
            if (preset != null) {
                args.addAll(List.of("--preset", preset));
            }
            if (output.json) {
                args.add("--json");
            }
            // As the task manager runs: G1, headless Java2D for the name labels, the GPL FFmpeg.
            return ForkedBench.run(classpath, List.of("-Xms1g", "-Xmx1g", "-XX:+UseG1GC", "-Djava.awt.headless=true",
                    "-Dorg.bytedeco.javacpp.platform.extension=-gpl", "-Dlog4j2.level=WARN"), jfr, MAIN, args);
        }
    }

    /** {@code confab bench billing}: batch-jobs' billing bench (generated events, DirectRunner) in a JVM of its own. */
    @Command(name = "billing", description = {"A monthly billing run over generated events (default 10 million) on the DirectRunner: "
            + "wall time and peak memory.", "Options are passed on: --events N, --accounts N, --json."})
    static final class BillingBench extends BatchCliBench {

        @Option(names = "--heap", defaultValue = "8g", description = "Heap of the billing JVM (default: ${DEFAULT-VALUE}).")
        String heap;

        BillingBench() {
            super(BatchCli.BILLING);
        }

        @Override
        String heap() {
            return heap;
        }
    }
}
