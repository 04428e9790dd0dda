package io.confab.orchestration.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.confab.bot.Bot;
import io.confab.bot.BotReport;
import io.confab.bot.source.SyntheticAudio;
import io.confab.bot.source.SyntheticVideo;
import io.confab.core.sfu.ForwardingDelay;
import io.confab.bot.source.VideoLayer;
import io.confab.orchestration.meetings.MeetingServiceClient;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The SFU under load from bots on loopback: every bot publishes audio (50 packets/s) and 720p video
 * as a browser does, three simulcast layers (stand-in VP8 frames at 320x180, 640x360 and 1280x720,
 * the top at the configured bitrate and the others at a tenth and a third of it, key frames every
 * 3 s), or one 720p stream with {@code layers} 1, and receives everyone else. The SFU picks each
 * receiver's layer from its gallery layout and pauses the layers nobody receives, so a simulcast run
 * measures what a real 720p meeting of that size costs. Figures come from the SFU's own counters and
 * its process's own CPU time (/proc/PID/stat), so the bots sharing the machine do not inflate them;
 * one-way delay through the SFU from send stamps in the video payloads (one host clock); which
 * layers arrived from the width in the key frames the bots received.
 * The SFU's own hold time, datagram read to copy sent, comes from its
 * {@code forwardingDelayMicros} histogram.
 */
public final class SfuLoad {

    /**
     * {@code loadGeneratorCpuCores}: the bots' own CPU (this process) over the measured time, to show how much
     * of the machine the load took from the SFU; {@code machineCpuCores}: every process's (busy time in
     * {@code /proc/stat}), so what neither took is what the rest of the machine did; {@code mediaThreads}: each
     * media thread's share; {@code datagramsPerSendBatch}: datagrams per {@code sendmmsg}; {@code sameReceiverPercent}: of the
     * datagrams sent, those for a receiver that already had one in the same flush, and {@code sameReceiverSameSizePercent}
     * those of them the size of that receiver's previous one (what UDP GSO could merge), {@code segmentedPercent} those
     * that left inside a UDP GSO send (what it did merge). {@code receivedWidths}: how many received video streams ended at each width (which layer the SFU forwarded). */
    public record Figures(int meetings, int participantsPerMeeting, int videoKbps, int layers, double seconds,
                          long forwardedPackets, double forwardedPerSecond, double sfuCpuCores, double forwardedPerCpuSecond,
                          int forwardedVideoStreams, double cpuPercentPerVideoStream, int largestMeetingPerCore,
                          double latencyP50Ms, double latencyP99Ms, double receiveLossPercent,
                          Map<Integer, Integer> receivedWidths, double sfuDelayP50Ms, double sfuDelayP99Ms,
                          double loadGeneratorCpuCores, double machineCpuCores, List<MediaThreadShare> mediaThreads,
                          double datagramsPerSendBatch, double sameReceiverPercent, double sameReceiverSameSizePercent,
                          double segmentedPercent) {
    }

    /**
     * One media thread of the SFU over the measured time: which meetings it held, what it forwarded,
     * and from the kernel's {@code schedstat} the share of the time it ran on a core and the share it
     * was runnable but waited for one (a copy read before such a wait and sent after it carries the
     * wait in the SFU's delay), each in cores; -1 where the thread's counters could not be read.
     *
     * @param thread the thread's name as the SFU's statistics give it
     */
    public record MediaThreadShare(int index, String thread, int meetings, long forwardedPackets, double forwardedPerSecond,
                                   double runningCores, double waitingForCore) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The SFU's media threads are named {@code sfu-media-INDEX-...} (realtime-core's MediaThread). */
    private static final String MEDIA_THREAD_PREFIX = "sfu-media-";

    private final String web;
    private final String operatorKey;
    private final long sfuPid;
    private final Consumer<String> progress;
    private final HttpClient http = HttpClient.newHttpClient();
    private final MeetingServiceClient meetingService;

    /** @param operatorKey what the SFU's statistics endpoint asks for */
    public SfuLoad(String web, String operatorKey, long sfuPid, Consumer<String> progress) {
        this.web = web;
        this.meetingService = new MeetingServiceClient(http, web);
        this.operatorKey = operatorKey;
        this.sfuPid = sfuPid;
        this.progress = progress;
    }

    /** @param videoKbps the top layer's bitrate; @param layers simulcast layers per bot, 1 to 3 */
    public Figures run(int meetings, int perMeeting, int videoKbps, int layers, Duration measured) throws Exception {
        List<VideoLayer> ladder = VideoLayer.ladder(1280, 720, layers, videoKbps * 1000);
        String token = meetingService.newAccount("bench", "a bench passphrase", "Bench");
        int total = meetings * perMeeting;
        ExecutorService pool = Executors.newFixedThreadPool(total);
        List<Bot> bots = new ArrayList<>();
        List<Future<BotReport>> reports = new ArrayList<>();
        Duration warmUp = Duration.ofSeconds(5);
        try {
            for (int m = 0; m < meetings; m++) {
                String meetingId = meetingService.post("/api/meetings", Map.of("topic", "SFU bench", "type", "INSTANT",
                        "settings", Map.of("waitingRoom", false, "joinBeforeHost", true)), token).path("id").asText();
                for (int p = 0; p < perMeeting; p++) {
                    // Staggered joins, and everyone stays until the last has joined plus the measurement.
                    Duration stay = Duration.ofMillis(warmUp.toMillis() + measured.toMillis() + (total - bots.size()) * 150L + 3000);
                    Bot bot = new Bot(new Bot.Options(web, meetingId, "bot-" + m + "-" + p, null, null, stay, true),
                            new SyntheticAudio(40), new SyntheticVideo(ladder));
                    bots.add(bot);
                    reports.add(pool.submit(bot::run));
                    Thread.sleep(150);
                }
            }
            int joined = 0;
            for (Bot bot : bots) {
                try {
                    bot.joined().get(60, TimeUnit.SECONDS);
                    joined++;
                } catch (java.util.concurrent.TimeoutException e) {
                    // A starved load generator (a busy machine, or bots lowered with --nice below everything else) ends here.
                    throw new IllegalStateException(joined + " of " + total + " bots had joined when the next did not within 60 s;"
                            + " the machine is short of CPU for the bots (see the load average), or the platform is not answering", e);
                }
            }
            progress.accept(total + " bots joined " + meetings + " meeting(s); warming up " + warmUp.toSeconds() + " s");
            Thread.sleep(warmUp.toMillis());
            double cpuBefore = ProcessCpu.seconds(sfuPid);
            double botsCpuBefore = ProcessCpu.ofThisProcess();
            double machineBefore = CpuTimeline.machineBusySeconds();
            Map<Long, ThreadSchedule.Counters> threadsBefore = ThreadSchedule.sample(sfuPid, MEDIA_THREAD_PREFIX);
            JsonNode statsBefore = stats();
            long forwardedBefore = statsBefore.path("forwardedPackets").asLong();
            long start = System.nanoTime();
            progress.accept("measuring for " + measured.toSeconds() + " s");
            Thread.sleep(measured.toMillis());
            JsonNode statsAfter = stats();
            long forwardedAfter = statsAfter.path("forwardedPackets").asLong();
            NavigableMap<Long, Long> held = heldDuring(statsBefore, statsAfter);
            double cpuAfter = ProcessCpu.seconds(sfuPid);
            double botsCpu = ProcessCpu.ofThisProcess() - botsCpuBefore;
            double machineCpu = CpuTimeline.machineBusySeconds() - machineBefore;
            Map<Long, ThreadSchedule.Counters> threadsAfter = ThreadSchedule.sample(sfuPid, MEDIA_THREAD_PREFIX);
            double seconds = (System.nanoTime() - start) / 1e9;
            List<MediaThreadShare> mediaThreads = mediaThreads(statsBefore, statsAfter, threadsBefore, threadsAfter, seconds);
            long expected = 0;
            long received = 0;
            List<Long> delays = new ArrayList<>();
            Map<Integer, Integer> widths = new TreeMap<>();
            for (int i = 0; i < bots.size(); i++) {
                BotReport report = reports.get(i).get(measured.toSeconds() + 120, TimeUnit.SECONDS);
                for (BotReport.Sender sender : report.bySender()) {
                    if (sender.videoPackets() > 0) {
                        widths.merge(sender.videoWidth(), 1, Integer::sum);
                    }
                    long packets = sender.audioPackets() + sender.videoPackets();
                    received += packets;
                    expected += Math.round(packets / Math.max(1e-9, 1 - sender.loss()));
                }
                delays.addAll(bots.get(i).delays());
            }
            delays.sort(Long::compare);
            long forwarded = forwardedAfter - forwardedBefore;
            long sent = delta(statsBefore, statsAfter, "datagramsSent");
            double cpuSeconds = cpuAfter - cpuBefore;
            double cores = cpuSeconds / seconds;
            int videoStreams = meetings * perMeeting * (perMeeting - 1);
            double perStream = cores * 100 / Math.max(1, videoStreams);
            double perCpuSecond = cpuSeconds > 0 ? forwarded / cpuSeconds : 0;
            // A participant of an N-person meeting receives N-1 streams of audio and video (with
            // simulcast, the layer its layout asks for); what one such stream costs here, one core
            // carries N(N-1) of.
            double streamsPerCore = videoStreams / Math.max(1e-9, cores);
            int largest = (int) Math.floor((1 + Math.sqrt(1 + 4 * streamsPerCore)) / 2);
            return new Figures(meetings, perMeeting, videoKbps, layers, round(seconds), forwarded, round(forwarded / seconds),
                    round(cores), round(perCpuSecond), videoStreams, round(perStream), largest,
                    percentileMs(delays, 0.50), percentileMs(delays, 0.99),
                    round(expected == 0 ? 0 : 100.0 * (expected - received) / expected), widths,
                    ForwardingDelay.percentileMicros(held, 0.50) / 1000.0,
                    ForwardingDelay.percentileMicros(held, 0.99) / 1000.0, round(botsCpu / seconds), round(machineCpu / seconds),
                    mediaThreads, round(sent == 0 ? 0 : (double) sent / Math.max(1, delta(statsBefore, statsAfter, "sendBatches"))),
                    round(sent == 0 ? 0 : 100.0 * delta(statsBefore, statsAfter, "sameReceiverCopies") / sent),
                    round(sent == 0 ? 0 : 100.0 * delta(statsBefore, statsAfter, "sameReceiverSameSizeCopies") / sent),
                    round(sent == 0 ? 0 : 100.0 * delta(statsBefore, statsAfter, "segmentedCopies") / sent));
        } finally {
            pool.shutdownNow();
            bots.forEach(Bot::close);
        }
    }

    /**
     * Each media thread's share of the measured window: forwarded packets from the statistics'
     * {@code mediaThreads} (later minus earlier), its time on and waiting for a core from its
     * {@code schedstat}, matched by name (the kernel keeps the first 15 characters).
     */
    private static List<MediaThreadShare> mediaThreads(JsonNode before, JsonNode after, Map<Long, ThreadSchedule.Counters> threadsBefore,
                                                       Map<Long, ThreadSchedule.Counters> threadsAfter, double seconds) {
        Map<Integer, Long> forwardedBefore = new TreeMap<>();
        before.path("mediaThreads").forEach(t -> forwardedBefore.put(t.path("index").asInt(), t.path("forwardedPackets").asLong()));
        List<MediaThreadShare> shares = new ArrayList<>();
        for (JsonNode thread : after.path("mediaThreads")) {
            int index = thread.path("index").asInt();
            long forwarded = thread.path("forwardedPackets").asLong() - forwardedBefore.getOrDefault(index, 0L);
            String name = thread.path("thread").asText("");
            String comm = name.length() > 15 ? name.substring(0, 15) : name;
            double running = -1;
            double waiting = -1;
            for (Map.Entry<Long, ThreadSchedule.Counters> task : threadsAfter.entrySet()) {
                ThreadSchedule.Counters start = threadsBefore.get(task.getKey());
                if (start != null && task.getValue().name().equals(comm)) {
                    running = round((task.getValue().runningNs() - start.runningNs()) / 1e9 / seconds);
                    waiting = round((task.getValue().waitingNs() - start.waitingNs()) / 1e9 / seconds);
                }
            }
            shares.add(new MediaThreadShare(index, name, thread.path("meetings").asInt(), forwarded, round(forwarded / seconds), running, waiting));
        }
        return shares;
    }

    private static long delta(JsonNode before, JsonNode after, String counter) {
        return after.path(counter).asLong() - before.path(counter).asLong();
    }

    /** The SFU's own read-to-send histogram over the measured window: the later snapshot minus the earlier. */
    private static NavigableMap<Long, Long> heldDuring(JsonNode before, JsonNode after) {
        NavigableMap<Long, Long> buckets = new TreeMap<>();
        after.path("forwardingDelayMicros").fields().forEachRemaining(bucket -> {
            long count = bucket.getValue().asLong() - before.path("forwardingDelayMicros").path(bucket.getKey()).asLong();
            if (count > 0) {
                buckets.put(Long.parseLong(bucket.getKey()), count);
            }
        });
        return buckets;
    }

    private static double percentileMs(List<Long> sorted, double quantile) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int index = (int) Math.min(sorted.size() - 1, Math.ceil(quantile * sorted.size()) - 1);
        return round(sorted.get(Math.max(0, index)) / 1e6);
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private JsonNode stats() throws IOException, InterruptedException {
        // A server that stopped answering must end the bench with an error, not hang it.
        return JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(web + "/api/sfu/stats"))
                        .header("Authorization", "Bearer " + operatorKey).timeout(Duration.ofSeconds(15)).build(),
                HttpResponse.BodyHandlers.ofString()).body());
    }

}
