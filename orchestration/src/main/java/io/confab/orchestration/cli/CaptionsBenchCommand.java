package io.confab.orchestration.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.confab.orchestration.bench.CaptionLoad;
import io.confab.transcription.bench.Espeak;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code confab bench captions}: live-caption latency and the transcription job's CPU with many speakers taking turns. */
@Command(name = "captions", mixinStandardHelpOptions = true,
        description = {"Live captions with N speakers taking turns on the running platform: N bots each say one espeak-ng",
                "sentence in turn; per speaker, end of its sentence to its last final caption at a listener (p50, p95, max),",
                "the captions' word error rate, and the Flink task manager's CPU over the meeting (tracks per core,",
                "real-time factor per track). Progress goes to stderr, the figures to stdout."})
final class CaptionsBenchCommand implements Callable<Integer> {

    @Mixin
    PlatformOptions options;

    @Option(names = "--participants", defaultValue = "20", description = "Speakers, each with its own track (default: ${DEFAULT-VALUE}).")
    int participants;

    @Option(names = "--lead", defaultValue = "4", description = "Seconds of silence in every clip before the first speaker"
            + " (default: ${DEFAULT-VALUE}).")
    double lead;

    @Option(names = "--gap", defaultValue = "1.0", description = "Seconds of silence between one speaker's end and the next one's start"
            + " (default: ${DEFAULT-VALUE}).")
    double gap;

    @Option(names = "--wait", defaultValue = "60", description = "Seconds after the last sentence's end to wait for final captions"
            + " (default: ${DEFAULT-VALUE}).")
    int waitSeconds;

    @Option(names = "--nice", defaultValue = "10", description = "Nice value for this process's bots and listener, so that on"
            + " the platform's own machine they yield to the platform they stand outside of; 0 keeps the platform's priority"
            + " (default: ${DEFAULT-VALUE}).")
    int nice;

    @Mixin
    BenchFigures output;

    @Override
    public Integer call() throws Exception {
        if (participants < 1 || participants > 50 || gap < 0.5 || gap > 30 || waitSeconds < 5 || lead < 0 || lead > 120
                || nice < 0 || nice > 19) {
            System.err.println("confab bench captions: needs --participants 1 to 50, --gap 0.5 to 30 seconds, --lead 0 to 120 seconds,"
                    + " --wait of 5 seconds or more and --nice 0 to 19");
            return ConfabCommand.USAGE;
        }
        if (!Espeak.available()) {
            System.err.println("confab bench captions: needs espeak-ng for the speakers' voices; install it with 'apt-get install espeak-ng'");
            return ConfabCommand.FAILED;
        }
        var platform = RunningPlatform.of(options, "bench captions");
        if (platform.isEmpty()) {
            return ConfabCommand.FAILED;
        }
        var web = platform.get().web();
        long taskManager = taskManagerOf(options.dataDir());
        if (taskManager < 0) {
            System.err.println("confab bench captions: the platform runs no Flink task manager of its own (an external Flink?);"
                    + " the job's CPU cannot be read");
            return ConfabCommand.FAILED;
        }
        System.err.println("bench captions: " + io.confab.orchestration.bench.LoadGeneratorPriority.lower(nice));
        Path work = Files.createTempDirectory("confab-bench-captions-");
        CaptionLoad.Figures figures;
        try {
            long core = RunningPlatform.firstPid(web).orElse(0);
            figures = new CaptionLoad(web.address(), platform.get().address("kafka"),
                    io.confab.orchestration.platform.InternalCredentials.kafkaLogin(platform.get().config()), taskManager, core, work,
                    line -> System.err.println("bench captions: " + line))
                    .run(participants, lead, gap, java.time.Duration.ofSeconds(waitSeconds));
        } finally {
            try (var files = Files.walk(work)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        if (output.json) {
            System.out.println(new ObjectMapper().writeValueAsString(figures));
        } else {
            System.out.printf(Locale.ROOT, "%d speakers taking turns, %.1f s; final captions from %d of them%n",
                    figures.participants(), figures.meetingSeconds(), figures.speakersCaptioned());
            System.out.printf(Locale.ROOT, "end of sentence to its last final caption: p50 %.0f ms, p95 %.0f ms, max %.0f ms%n",
                    figures.latencyP50Ms(), figures.latencyP95Ms(), figures.latencyMaxMs());
            System.out.printf(Locale.ROOT, "word error rate of the final captions: %.3f%n", figures.wer());
            System.out.printf(Locale.ROOT, "Flink task manager CPU over the meeting: %.2f cores = %.1f tracks per core;"
                    + " %.4f CPU-s per second of each track%n", figures.taskManagerCpuCores(), figures.tracksPerTaskManagerCore(),
                    figures.realTimeFactorPerTrack());
            CaptionLoad.Breakdown b = figures.breakdown();
            System.out.printf(Locale.ROOT, "where it went (p50 / max ms): sentence end to segment end on the meeting's clock %.0f / %.0f;"
                    + " segment end to the job producing it %.0f / %.0f; produced to the listener %.0f / %.0f%n",
                    b.speechP50Ms(), b.speechMaxMs(), b.jobP50Ms(), b.jobMaxMs(), b.feedP50Ms(), b.feedMaxMs());
            System.out.printf(Locale.ROOT, "CPU over the meeting: realtime-core %.2f cores, the bots (this process) %.2f cores%n",
                    b.realtimeCoreCpuCores(), b.botsCpuCores());
            if (b.transcriberThread() != null) {
                System.out.printf(Locale.ROOT, "the transcription operator's thread: on a core %.0f %%, waiting for a core %.0f %%,"
                        + " blocked on something else %.0f %%%n", b.transcriberThread().running() * 100,
                        b.transcriberThread().waiting() * 100, b.transcriberThread().blocked() * 100);
            }
        }
        return figures.speakersCaptioned() == figures.participants() ? 0 : ConfabCommand.FAILED;
    }

    /**
     * The platform's Flink task manager: found among the running processes by its main class and this
     * data directory in its command line, not from the state file, because the launcher restarts a
     * task manager that dies (a new pid the state file written at start does not have).
     */
    private static long taskManagerOf(Path dataDir) {
        String absolute = dataDir.toAbsolutePath().normalize().toString();
        String asGiven = dataDir.toString();
        return ProcessHandle.allProcesses().map(ProcessHandle::pid)
                .filter(pid -> {
                    String commandLine = commandLine(pid);
                    return commandLine.contains("TaskManagerRunner") && (commandLine.contains(absolute) || commandLine.contains(asGiven));
                })
                .findFirst().orElse(-1L);
    }

    private static String commandLine(long pid) {
        try {
            return Files.readString(Path.of("/proc/" + pid + "/cmdline")).replace('\0', ' ');
        } catch (IOException | RuntimeException e) {
            // Gone meanwhile, or not ours to read.
            return "";
        }
    }
}
