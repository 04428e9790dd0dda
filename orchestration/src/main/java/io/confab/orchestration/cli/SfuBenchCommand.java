package io.confab.orchestration.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.confab.orchestration.bench.SfuLoad;
import io.confab.orchestration.platform.PlatformState;
import io.confab.orchestration.platform.WebServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code confab bench sfu}: forwarding throughput, CPU and latency of the SFU with bots on loopback. */
@Command(name = "sfu", mixinStandardHelpOptions = true,
        description = {"Forwarded packets per second per core, CPU per forwarded video stream, added latency p50/p99",
                "and the largest 720p simulcast meeting one core carries, with bots in meetings on the running platform."})
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

    @Option(names = "--json", description = "Print the figures as one JSON object.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (meetings < 1 || participants < 2 || videoKbps < 100 || seconds < 1 || layers < 1 || layers > 3) {
            System.err.println("confab bench sfu: needs --meetings >= 1, --participants >= 2, --video-kbps >= 100, --seconds >= 1,"
                    + " --layers 1 to 3");
            return ConfabCommand.USAGE;
        }
        var state = PlatformState.read(options.dataDir());
        if (state.isEmpty() || !state.get().supervisorAlive()) {
            System.err.println("confab bench sfu: no platform is running from " + options.dataDir() + "; start one with './confab up --detach'");
            return ConfabCommand.FAILED;
        }
        var web = state.get().components().stream().filter(c -> c.name().equals("web")).findFirst().orElseThrow();
        long pid = web.pids().isEmpty() ? -1 : web.pids().get(0);
        SfuLoad.Figures figures = new SfuLoad(web.address(), WebServer.operatorKey(options.dataDir()), pid,
                line -> System.err.println("bench sfu: " + line))
                .run(meetings, participants, videoKbps, layers, Duration.ofSeconds(seconds));
        if (json) {
            System.out.println(new ObjectMapper().writeValueAsString(figures));
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
        }
        return 0;
    }
}
