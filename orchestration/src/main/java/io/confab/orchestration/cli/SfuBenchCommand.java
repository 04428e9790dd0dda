package io.confab.orchestration.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.confab.orchestration.bench.LoadGeneratorPriority;
import io.confab.orchestration.bench.SfuLoad;
import io.confab.orchestration.bench.Spread;
import io.confab.orchestration.platform.WebServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.concurrent.Callable;

/** {@code confab bench sfu}: forwarding throughput, CPU and latency of the SFU with bots on loopback. */
@Command(name = "sfu", mixinStandardHelpOptions = true,
        description = {"Forwarded packets per second per core, CPU per forwarded video stream, added latency p50/p99",
                "and the largest 720p simulcast meeting one core carries, with bots in meetings on the running platform.",
                "Runs --runs times; the figures are those of the median run (by forwarded packets per CPU-second),",
                "with each headline figure's median and range over the runs, and the bots' own CPU.",
                "The bots run at a lower priority (--nice); meetings are placed on the SFU's media threads by fewest meetings,",
                "so --meetings 2 puts two on two threads. Each run's SFU, bots' and machine's CPU and each media thread's",
                "forwarded packets and time on and waiting for a core go to stderr."})
final class SfuBenchCommand implements Callable<Integer> {

    @Mixin
    PlatformOptions options;

    @Option(names = "--meetings", defaultValue = "1", description = "Meetings (default: ${DEFAULT-VALUE}).")
    int meetings;

    @Option(names = "--participants", defaultValue = "10", description = "Bots per meeting (default: ${DEFAULT-VALUE}).")
    int participants;

    @Option(names = "--video-kbps", defaultValue = "1500", description = "Each bot's 720p video bitrate, the top simulcast"
            + " layer's; the 360p and 180p layers get a third and a tenth of it (default: ${DEFAULT-VALUE}).")
    int videoKbps;

    @Option(names = "--layers", defaultValue = "3", description = "Simulcast layers per bot, as browsers send them: 3 (l/m/h,"
            + " the SFU forwards what each receiver's gallery tile asks for) or 1 (one 720p stream every receiver gets)"
            + " (default: ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--seconds", defaultValue = "20", description = "Measured time after a 5 s warm-up (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--runs", defaultValue = "3", description = "Runs, one after the other, each with fresh meetings and bots;"
            + " figures are the median run's (default: ${DEFAULT-VALUE}).")
    int runs;

    @Option(names = "--nice", defaultValue = "10", description = "Nice value for this process's bots, and for its scheduler"
            + " autogroup when './confab' started it in a session of its own, so that on the platform's own machine they yield"
            + " to the SFU they stand outside of; 0 keeps the platform's priority (default: ${DEFAULT-VALUE}).")
    int nice;

    @Mixin
    BenchFigures output;

    /** One run's CPU as the machine saw it: the SFU's, the bots', everyone's, and each media thread's share. */
    private static String cpuLine(SfuLoad.Figures figures) {
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "CPU in cores: SFU %.2f, bots %.2f, whole machine %.2f of %d", figures.sfuCpuCores(), figures.loadGeneratorCpuCores(),
                figures.machineCpuCores(), Runtime.getRuntime().availableProcessors()));
        for (SfuLoad.MediaThreadShare thread : figures.mediaThreads()) {
            line.append(String.format(Locale.ROOT, "; media thread %d: %d meeting(s), %,.0f forwarded/s, on a core %.2f, waiting for one %.2f",
                    thread.index(), thread.meetings(), thread.forwardedPerSecond(), thread.runningCores(), thread.waitingForCore()));
        }
        return line.toString();
    }

    private static Spread spread(List<SfuLoad.Figures> all, ToDoubleFunction<SfuLoad.Figures> figure) {
        return Spread.of(all.stream().map(f -> figure.applyAsDouble(f)).toList());
    }

    @Override
    public Integer call() throws Exception {
        if (meetings < 1 || participants < 2 || videoKbps < 100 || seconds < 1 || layers < 1 || layers > 3 || runs < 1 || runs > 20
                || nice < 0 || nice > 19) {
            System.err.println("confab bench sfu: needs --meetings >= 1, --participants >= 2, --video-kbps >= 100, --seconds >= 1,"
                    + " --layers 1 to 3, --runs 1 to 20, --nice 0 to 19");
            return ConfabCommand.USAGE;
        }
        var platform = RunningPlatform.of(options, "bench sfu");
        if (platform.isEmpty()) {
            return ConfabCommand.FAILED;
        }
        var web = platform.get().web();
        long pid = RunningPlatform.firstPid(web).orElse(-1);
        String priority = LoadGeneratorPriority.lower(nice);
        System.err.println("bench sfu: " + priority);
        String groups = "the SFU (pid " + pid + ") runs in " + LoadGeneratorPriority.groupOf(pid) + ", the bots (pid "
                + ProcessHandle.current().pid() + ") in " + LoadGeneratorPriority.groupOf(ProcessHandle.current().pid());
        System.err.println("bench sfu: " + groups);
        List<SfuLoad.Figures> all = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            String prefix = runs > 1 ? "bench sfu: run " + run + " of " + runs + ": " : "bench sfu: ";
            SfuLoad.Figures figuresOfRun = new SfuLoad(web.address(), WebServer.operatorKey(options.dataDir()), pid, line -> System.err.println(prefix + line))
                    .run(meetings, participants, videoKbps, layers, Duration.ofSeconds(seconds));
            System.err.println(prefix + cpuLine(figuresOfRun));
            all.add(figuresOfRun);
        }
        Spread perCpuSecond = spread(all, SfuLoad.Figures::forwardedPerCpuSecond);
        // The median run stands for the whole: its figures belong together (one run's CPU, delay and layers).
        SfuLoad.Figures figures = all.stream()
                .min(Comparator.comparingDouble(f -> Math.abs(f.forwardedPerCpuSecond() - perCpuSecond.median()))).orElseThrow();
        Map<String, Spread> spreads = new LinkedHashMap<>();
        spreads.put("forwardedPerCpuSecond", perCpuSecond);
        spreads.put("forwardedPerSecond", spread(all, SfuLoad.Figures::forwardedPerSecond));
        spreads.put("sfuCpuCores", spread(all, SfuLoad.Figures::sfuCpuCores));
        spreads.put("latencyP99Ms", spread(all, SfuLoad.Figures::latencyP99Ms));
        spreads.put("sfuDelayP99Ms", spread(all, SfuLoad.Figures::sfuDelayP99Ms));
        spreads.put("receiveLossPercent", spread(all, SfuLoad.Figures::receiveLossPercent));
        spreads.put("loadGeneratorCpuCores", spread(all, SfuLoad.Figures::loadGeneratorCpuCores));
        spreads.put("machineCpuCores", spread(all, SfuLoad.Figures::machineCpuCores));
        if (output.json) {
            ObjectMapper mapper = new ObjectMapper();
            ObjectNode root = mapper.valueToTree(figures);
            root.put("runs", runs);
            root.put("nice", nice);
            root.put("loadGeneratorPriority", priority + "; " + groups);
            root.set("spread", mapper.valueToTree(spreads));
            root.set("eachRun", mapper.valueToTree(all));
            System.out.println(mapper.writeValueAsString(root));
        } else {
            System.out.printf(Locale.ROOT, "%d meeting(s) x %d bots, 720p video at %d kbit/s in %d layer(s) each, measured %.1f s%n",
                    figures.meetings(), figures.participantsPerMeeting(), figures.videoKbps(), figures.layers(), figures.seconds());
            System.out.printf(Locale.ROOT, "forwarded: %,d packets = %,.0f/s; SFU process CPU %.2f cores = %,.0f packets per CPU-second%n",
                    figures.forwardedPackets(), figures.forwardedPerSecond(), figures.sfuCpuCores(), figures.forwardedPerCpuSecond());
            System.out.printf(Locale.ROOT, "CPU per forwarded video stream (+ its audio): %.2f %% of a core over %d streams%n",
                    figures.cpuPercentPerVideoStream(), figures.forwardedVideoStreams());
            System.out.printf(Locale.ROOT, "largest all-to-all 720p%s meeting one core carries at that cost: %d participants%n",
                    figures.layers() > 1 ? " simulcast" : "", figures.largestMeetingPerCore());
            System.out.printf(Locale.ROOT, "received video streams by width (the layer forwarded): %s%n", figures.receivedWidths());
            System.out.printf(Locale.ROOT, "one-way delay through the SFU (bot to bot): p50 %.2f ms, p99 %.2f ms; receive loss %.2f %%%n",
                    figures.latencyP50Ms(), figures.latencyP99Ms(), figures.receiveLossPercent());
            System.out.printf(Locale.ROOT, "added by the SFU (datagram read to copy sent, per forwarded copy): p50 %.3f ms, p99 %.3f ms%n",
                    figures.sfuDelayP50Ms(), figures.sfuDelayP99Ms());
            System.out.printf(Locale.ROOT, "the bots' own CPU (the load generator, this process, at nice %d): %.2f cores%n", nice,
                    figures.loadGeneratorCpuCores());
            System.out.println(cpuLine(figures));
            System.out.printf(Locale.ROOT, "sends: %.1f datagrams per sendmmsg; %.1f %% of them for a receiver that already had one in"
                    + " the same flush, %.1f %% also of that one's size; %.1f %% left merged in UDP GSO sends%n",
                    figures.datagramsPerSendBatch(), figures.sameReceiverPercent(), figures.sameReceiverSameSizePercent(),
                    figures.segmentedPercent());
            if (runs > 1) {
                System.out.println("over " + runs + " runs, median (range):");
                spreads.forEach((name, spread) -> System.out.printf(Locale.ROOT, "  %-24s %s%n", name, spread.describe("%,.2f")));
            }
        }
        return 0;
    }
}
