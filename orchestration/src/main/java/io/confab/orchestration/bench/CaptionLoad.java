package io.confab.orchestration.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.confab.bot.Bot;
import io.confab.bot.source.EncodedAudio;
import io.confab.bot.source.EncodedFrame;
import io.confab.bot.source.SyntheticVideo;
import io.confab.orchestration.demo.SpeechClips;
import io.confab.orchestration.meetings.MeetingServiceClient;
import io.confab.transcription.wer.WordErrorRate;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Live captions in a meeting of many speakers taking turns, end to end on the running platform:
 * N bots each say one espeak-ng sentence in turn (the others silent, as in a meeting), a listener
 * joined over signaling notes each caption's arrival, and the task manager's CPU is read over the
 * meeting. Per speaker: from the end of its sentence in its clip (when the bot started sending the
 * clip, on this host's clock) to the arrival of its last final caption.
 *
 * <pre>
 *   espeak-ng turns ─▶ N bots ─▶ SFU ─▶ tap ─▶ Kafka ─▶ transcription job ─▶ Kafka ─▶ caption feed ─▶ listener
 *                      (clip start noted)                 (task manager CPU)                      (arrival noted)
 * </pre>
 */
public final class CaptionLoad {

    /** Sentences the speakers say, one each, in turn (cycled past ten). */
    static final List<String> SENTENCES = List.of(
            "Good morning everyone, welcome to the weekly planning meeting.",
            "Thanks. The new recording pipeline shipped on Tuesday.",
            "Great news. Let us review the billing report next week.",
            "I have a question about the storage costs for last month.",
            "The dashboard shows fewer dropped calls than in October.",
            "Can we move the design review to Thursday afternoon?",
            "The customer asked for transcripts in Spanish as well.",
            "I will send the summary to the whole team after lunch.",
            "Our support queue is shorter than it has been all year.",
            "Let us take the remaining questions at the end.");

    /**
     * One speaker's result.
     *
     * @param latencyMs end of the sentence in the clip to its last final caption's arrival; -1 when none came
     * @param wer       word error rate of the speaker's final captions against the sentence; NaN when none came
     */
    public record Speaker(String name, long latencyMs, int finals, int interims, double wer, Hops hops) {
    }

    /**
     * Where one caption's latency went, in milliseconds; -1 each when the segment was not seen on Kafka.
     *
     * @param speechMs end of the sentence in the bot's clip to the end of its segment on the meeting's timeline
     *                 (the bot's sending and the SFU's arrival stamp, plus where the recognizer put the last word's end)
     * @param jobMs    the segment's end on the meeting's timeline to the job's sink producing it (tap, Kafka, the
     *                 transcription job: its queue, the recognizer's end-pointing, the shared-voice hold)
     * @param feedMs   produced to the listener's arrival (Kafka, realtime-core's caption feed, signaling)
     */
    public record Hops(long speechMs, long jobMs, long feedMs) {
        static final Hops UNKNOWN = new Hops(-1, -1, -1);
    }

    /**
     * The hops' p50 and max over the speakers, and the other processes' CPU over the meeting, in cores.
     *
     * @param transcriberThread how the job's operator thread spent the meeting: on a core, waiting for one,
     *                          or blocked on something else; null when the task manager's threads were unreadable
     */
    public record Breakdown(double speechP50Ms, double speechMaxMs, double jobP50Ms, double jobMaxMs, double feedP50Ms,
                            double feedMaxMs, double realtimeCoreCpuCores, double botsCpuCores,
                            ThreadSchedule.Shares transcriberThread) {
    }

    /** The kernel's name of the transcription operator's task thread: Flink names it after the chain's head, cut to 15 characters. */
    static final String TRANSCRIBER_THREAD = "meeting-transcr";

    /**
     * What a run showed.
     *
     * @param taskManagerCpuCores     the task manager's CPU from the first join to the last caption (all its jobs), in cores
     * @param tracksPerTaskManagerCore tracks of such a meeting one task-manager core follows in real time: 1 / the next
     * @param realTimeFactorPerTrack  task-manager CPU seconds over the meeting per second of each track's audio
     */
    public record Figures(int participants, double meetingSeconds, int speakersCaptioned, double latencyP50Ms,
                          double latencyP95Ms, double latencyMaxMs, double wer, double taskManagerCpuCores,
                          double tracksPerTaskManagerCore, double realTimeFactorPerTrack, Breakdown breakdown,
                          List<Speaker> speakers) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long after every bot joined each may take to start sending its clip. */
    private static final Duration CLIP_START_LIMIT = Duration.ofSeconds(60);
    /** Silence at the end of every clip, after the last speaker. */
    private static final Duration TAIL = Duration.ofSeconds(5);

    private final String web;
    private final long taskManagerPid;
    private final String kafka;
    private final io.confab.storage.kafka.KafkaLogin kafkaLogin;
    private final long realtimeCorePid;
    private final Path workDirectory;
    private final Consumer<String> progress;
    private final HttpClient http = HttpClient.newHttpClient();
    private final MeetingServiceClient meetingService;

    /**
     * @param kafka           the platform's Kafka, to split each caption's latency into hops; null: no split
     * @param kafkaLogin      the platform's Kafka login (NONE on a loopback platform)
     * @param realtimeCorePid realtime-core's process, whose CPU is reported; 0 when not known
     */
    public CaptionLoad(String web, String kafka, io.confab.storage.kafka.KafkaLogin kafkaLogin, long taskManagerPid,
                       long realtimeCorePid, Path workDirectory, Consumer<String> progress) {
        this.web = web;
        this.kafka = kafka;
        this.kafkaLogin = kafkaLogin;
        this.realtimeCorePid = realtimeCorePid;
        this.meetingService = new MeetingServiceClient(http, web);
        this.taskManagerPid = taskManagerPid;
        this.workDirectory = workDirectory;
        this.progress = progress;
    }

    /**
     * @param wait how long after the last sentence's end to wait for final captions: a late caption is a
     *             latency to report, not a caption to give up on too early
     */
    public Figures run(int participants, double leadSeconds, double gapSeconds, Duration wait) throws Exception {
        List<String> sentences = new ArrayList<>();
        for (int i = 0; i < participants; i++) {
            sentences.add(SENTENCES.get(i % SENTENCES.size()));
        }
        progress.accept("writing " + participants + " speakers' turns with espeak-ng...");
        List<SpeechClips.Turn> turns = SpeechClips.inTurns(workDirectory, sentences, leadSeconds, gapSeconds, TAIL.toSeconds());
        long clipMillis = turns.get(turns.size() - 1).speechEndMs() + TAIL.toMillis();
        progress.accept("coding the " + participants + " speakers' clips with Opus before the meeting...");
        List<EncodedAudio> voices = new ArrayList<>();
        for (SpeechClips.Turn turn : turns) {
            voices.add(PreEncodedAudio.of(turn.clip(), (int) (clipMillis / 20) + 1));
        }
        String token = meetingService.newAccount("captions-bench", "a bench passphrase", "Listener");
        String meetingId = meetingService.post("/api/meetings", Map.of("topic", "Captions bench", "type", "INSTANT",
                "settings", Map.of("waitingRoom", false, "joinBeforeHost", true, "transcription", true)), token).path("id").asText();

        ProducedSegments produced = kafka == null ? null : ProducedSegments.start(kafka, kafkaLogin, meetingId);
        String ticket = meetingService.post("/api/meetings/" + meetingId + "/join", Map.of("displayName", "Listener"), token).path("token").asText();
        Listener listener = new Listener();
        listener.connect(meetingId, ticket).get(30, TimeUnit.SECONDS);
        ExecutorService pool = Executors.newFixedThreadPool(participants);
        List<Bot> bots = new ArrayList<>();
        List<AtomicLong> clipStarts = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        try {
            double cpuBefore = ProcessCpu.seconds(taskManagerPid);
            double coreBefore = ProcessCpu.seconds(realtimeCorePid);
            double botsBefore = ProcessCpu.ofThisProcess();
            var transcriberBefore = ThreadSchedule.sample(taskManagerPid, TRANSCRIBER_THREAD);
            long wallBefore = System.nanoTime();
            for (int i = 0; i < participants; i++) {
                AtomicLong started = new AtomicLong();
                clipStarts.add(started);
                // Video at a trickle: the bench is about audio, and each bot's video would cost the machine, not the job.
                // Synthetic: the bots decode nothing they receive (each gets every other bot's video)
                // and send their pre-coded clip.
                Bot bot = new Bot(new Bot.Options(web, meetingId, "Speaker " + (i + 1), null, null,
                        Duration.ofMillis(clipMillis + 5_000), true),
                        firstFrameNoted(voices.get(i), started),
                        new SyntheticVideo(50_000, 160, 96));
                bots.add(bot);
                pool.submit(bot::run);
            }
            for (Bot bot : bots) {
                ids.add(bot.joined().get(60, TimeUnit.SECONDS));
            }
            progress.accept(participants + " speakers joined; they speak in turn for about "
                    + Math.round(clipMillis / 1000.0) + " s");
            // A bot whose media never connected never takes a frame: wait for each a bounded time, not for ever.
            long startDeadline = System.nanoTime() + CLIP_START_LIMIT.toNanos();
            long lastEnd = System.currentTimeMillis();
            List<String> silent = new ArrayList<>();
            for (int i = 0; i < participants; i++) {
                while (clipStarts.get(i).get() == 0 && System.nanoTime() < startDeadline) {
                    Thread.sleep(50);
                }
                if (clipStarts.get(i).get() == 0) {
                    silent.add("Speaker " + (i + 1));
                } else {
                    lastEnd = Math.max(lastEnd, clipStarts.get(i).get() + turns.get(i).speechEndMs());
                }
            }
            if (!silent.isEmpty()) {
                progress.accept(silent.size() + " speaker(s) never started sending audio within " + CLIP_START_LIMIT.toSeconds()
                        + " s of joining (their media did not connect): " + String.join(", ", silent));
            }
            long waitUntil = lastEnd + wait.toMillis();
            int reported = -1;
            while (System.currentTimeMillis() < waitUntil && !listener.allFinal(ids, turns)) {
                listener.ping();
                int heard = listener.speakersWithFinals(ids);
                if (heard != reported) {
                    progress.accept("final captions from " + heard + " of " + participants + " speakers");
                    reported = heard;
                }
                Thread.sleep(250);
            }
            double cpu = ProcessCpu.seconds(taskManagerPid) - cpuBefore;
            double coreCpu = ProcessCpu.seconds(realtimeCorePid) - coreBefore;
            double botsCpu = ProcessCpu.ofThisProcess() - botsBefore;
            long wallNanos = System.nanoTime() - wallBefore;
            double seconds = wallNanos / 1e9;
            ThreadSchedule.Shares transcriber = ThreadSchedule.busiest(transcriberBefore,
                    ThreadSchedule.sample(taskManagerPid, TRANSCRIBER_THREAD), wallNanos).map(CaptionLoad::rounded).orElse(null);
            if (produced != null && produced.failure().isPresent()) {
                progress.accept("reading transcript.segments failed, no latency split: " + produced.failure().get());
            }
            return figures(participants, turns, ids, clipStarts, listener, produced, cpu, seconds, clipMillis / 1000.0,
                    coreCpu / seconds, botsCpu / seconds, transcriber);
        } finally {
            if (produced != null) {
                produced.close();
            }
            bots.forEach(Bot::leave);
            pool.shutdownNow();
            bots.forEach(Bot::close);
            listener.close();
        }
    }

    private static Figures figures(int participants, List<SpeechClips.Turn> turns, List<String> ids, List<AtomicLong> clipStarts,
                                   Listener listener, ProducedSegments produced, double cpuSeconds, double seconds,
                                   double trackSeconds, double coreCpuCores, double botsCpuCores,
                                   ThreadSchedule.Shares transcriberThread) {
        List<Speaker> speakers = new ArrayList<>();
        List<Double> latencies = new ArrayList<>();
        List<Double> speechHops = new ArrayList<>();
        List<Double> jobHops = new ArrayList<>();
        List<Double> feedHops = new ArrayList<>();
        List<String> said = new ArrayList<>();
        List<String> heard = new ArrayList<>();
        for (int i = 0; i < participants; i++) {
            String id = ids.get(i);
            List<Caption> own = listener.captions.stream().filter(c -> c.participantId().equals(id)).toList();
            List<Caption> finals = own.stream().filter(Caption::isFinal).toList();
            long latency = -1;
            double wer = Double.NaN;
            Hops hops = Hops.UNKNOWN;
            // A speaker whose clip never started has no sentence end to measure from.
            if (!finals.isEmpty() && clipStarts.get(i).get() > 0) {
                Caption last = finals.stream().max(java.util.Comparator.comparingLong(Caption::arrivedAtMs)).orElseThrow();
                long sentenceEnd = clipStarts.get(i).get() + turns.get(i).speechEndMs();
                latency = last.arrivedAtMs() - sentenceEnd;
                var segment = produced == null ? java.util.Optional.<ProducedSegments.Produced>empty()
                        : produced.finalSegment(last.segmentId());
                if (segment.isPresent()) {
                    hops = new Hops(segment.get().endsAtMs() - sentenceEnd, segment.get().producedAtMs() - segment.get().endsAtMs(),
                            last.arrivedAtMs() - segment.get().producedAtMs());
                    speechHops.add((double) hops.speechMs());
                    jobHops.add((double) hops.jobMs());
                    feedHops.add((double) hops.feedMs());
                }
                latencies.add((double) latency);
                String text = String.join(" ", finals.stream().map(Caption::text).toList());
                wer = WordErrorRate.of(turns.get(i).sentence(), text).rate();
                said.add(turns.get(i).sentence());
                heard.add(text);
            }
            speakers.add(new Speaker("Speaker " + (i + 1), latency, finals.size(), own.size() - finals.size(), round(wer), hops));
        }
        latencies.sort(Double::compare);
        speechHops.sort(Double::compare);
        jobHops.sort(Double::compare);
        feedHops.sort(Double::compare);
        Breakdown breakdown = new Breakdown(percentile(speechHops, 0.5), percentile(speechHops, 1.0), percentile(jobHops, 0.5),
                percentile(jobHops, 1.0), percentile(feedHops, 0.5), percentile(feedHops, 1.0), round(coreCpuCores),
                round(botsCpuCores), transcriberThread);
        // Every track lasts the whole clip (its speaker's turn and everyone else's silence), as in a meeting.
        double realTimeFactor = cpuSeconds / (participants * trackSeconds);
        return new Figures(participants, round(seconds), latencies.size(), percentile(latencies, 0.50), percentile(latencies, 0.95),
                latencies.isEmpty() ? Double.NaN : latencies.get(latencies.size() - 1),
                said.isEmpty() ? Double.NaN : round(WordErrorRate.of(String.join(" ", said), String.join(" ", heard)).rate()),
                round(cpuSeconds / seconds), realTimeFactor > 0 ? round(1 / realTimeFactor) : Double.NaN,
                round(realTimeFactor), breakdown, speakers);
    }

    private static double percentile(List<Double> sorted, double quantile) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int index = (int) Math.min(sorted.size() - 1, Math.ceil(quantile * sorted.size()) - 1);
        return sorted.get(Math.max(0, index));
    }

    private static double round(double value) {
        return Double.isNaN(value) ? value : Math.round(value * 1000) / 1000.0;
    }

    private static ThreadSchedule.Shares rounded(ThreadSchedule.Shares shares) {
        return new ThreadSchedule.Shares(shares.thread(), round(shares.running()), round(shares.waiting()), round(shares.blocked()));
    }

    /** Notes when the bot takes its clip's first frame: the clip's time zero on this host's clock. */
    public static EncodedAudio firstFrameNoted(EncodedAudio source, AtomicLong startedAtMs) {
        return new EncodedAudio() {
            @Override
            public EncodedFrame next() {
                startedAtMs.compareAndSet(0, System.currentTimeMillis());
                return source.next();
            }

            @Override
            public void close() {
                source.close();
            }
        };
    }


    /** A caption as the listener received it. */
    record Caption(String participantId, String segmentId, String text, boolean isFinal, long arrivedAtMs) {
    }

    /** The meeting's host, on signaling only (no media): it reads the captions every participant is sent. */
    private final class Listener implements WebSocket.Listener {
        private final CompletableFuture<Void> joined = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        private final List<Caption> captions = new CopyOnWriteArrayList<>();
        private final Map<String, Boolean> finalSeen = new ConcurrentHashMap<>();
        private WebSocket socket;
        /** The JDK's WebSocket takes one send at a time. */
        private CompletableFuture<WebSocket> sending;
        private long lastPing = System.nanoTime();

        CompletableFuture<Void> connect(String meetingId, String token) {
            return http.newWebSocketBuilder().buildAsync(URI.create(web.replaceFirst("^http", "ws") + "/ws"), this)
                    .thenCompose(ws -> {
                        socket = ws;
                        sending = CompletableFuture.completedFuture(ws);
                        return ws.sendText("{\"type\":\"join_meeting\",\"meetingId\":\"" + meetingId
                                + "\",\"displayName\":\"Listener\",\"token\":\"" + token + "\"}", true);
                    })
                    .thenCompose(ws -> joined);
        }

        int speakersWithFinals(List<String> ids) {
            return (int) ids.stream().filter(finalSeen::containsKey).count();
        }

        /** Every speaker has a final caption whose words reach its sentence's last word. */
        boolean allFinal(List<String> ids, List<SpeechClips.Turn> turns) {
            for (int i = 0; i < ids.size(); i++) {
                String id = ids.get(i);
                List<String> words = io.confab.transcription.wer.TranscriptNormalizer.words(turns.get(i).sentence());
                String last = words.get(words.size() - 1);
                boolean done = captions.stream().anyMatch(c -> c.participantId().equals(id) && c.isFinal()
                        && io.confab.transcription.wer.TranscriptNormalizer.words(c.text()).contains(last));
                if (!done) {
                    return false;
                }
            }
            return true;
        }

        /** Signaling closes a connection it has heard nothing from for two minutes; a meeting of 20 turns lasts about that. */
        void ping() {
            long now = System.nanoTime();
            if (now - lastPing > 10_000_000_000L) {
                lastPing = now;
                sending = sending.thenCompose(ws -> ws.sendText("{\"type\":\"ping\"}", true));
            }
        }

        void close() {
            if (socket != null) {
                socket.abort();
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                long now = System.currentTimeMillis();
                String frame = partial.toString();
                partial.setLength(0);
                try {
                    JsonNode message = JSON.readTree(frame);
                    switch (message.path("type").asText()) {
                        case "joined" -> joined.complete(null);
                        case "error" -> joined.completeExceptionally(new IOException("the listener's join was refused: " + frame));
                        case "caption" -> {
                            Caption caption = new Caption(message.path("participantId").asText(), message.path("segmentId").asText(),
                                    message.path("text").asText(), message.path("isFinal").asBoolean(), now);
                            captions.add(caption);
                            if (caption.isFinal()) {
                                finalSeen.put(caption.participantId(), true);
                            }
                        }
                        default -> {
                        }
                    }
                } catch (IOException e) {
                    joined.completeExceptionally(e);
                }
            }
            webSocket.request(1);
            return null;
        }
    }
}
