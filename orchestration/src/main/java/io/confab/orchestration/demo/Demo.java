package io.confab.orchestration.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.confab.bot.Bot;
import io.confab.bot.BotMedia;
import io.confab.bot.BotReport;
import io.confab.media.file.EndOfClip;
import io.confab.orchestration.meetings.MeetingServiceClient;
import io.confab.transcription.bench.Espeak;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A scripted meeting end to end against a running platform: a demo account creates a meeting,
 * three bots join (the first as its host) and speak known sentences in turn over test-pattern
 * video, the meeting is recorded, and after the given time the host ends it. What each participant
 * received is the result; later stages (recordings, transcript, usage, warehouse, invoice) add
 * theirs to the same result.
 */
public final class Demo {

    /** Known sentences, so the transcript can be checked against them. */
    static final List<String> SENTENCES = List.of(
            "Good morning everyone, welcome to the weekly planning meeting.",
            "Thanks Alice. The new recording pipeline shipped on Tuesday.",
            "Great news. Let us review the billing report next week.");
    static final List<String> NAMES = List.of("Alice", "Bob", "Carol");

    /**
     * {@code files} finds the recording's files afterwards; null skips waiting for them.
     * {@code operatorKey} reads the SFU's counters for the progress lines.
     * {@code exportDay} runs the warehouse export of a day and says whether it succeeded; null skips the warehouse.
     * {@code invoicePreview} prices an account's month so far (account id, month) and gives the invoice, or null when it
     * could not; null skips the invoice.
     */
    public record Options(String web, int seconds, Path workDirectory, Consumer<String> progress, RecordingFiles files,
                          String operatorKey, java.util.function.Predicate<java.time.LocalDate> exportDay,
                          java.util.function.BiFunction<String, java.time.YearMonth, JsonNode> invoicePreview) {
    }

    public record Participant(String name, String participantId, BotReport.Received received) {
    }

    /** The contract of {@code confab demo --json}: fields are only ever added. */
    public record Result(String meetingId, List<Participant> participants, String recordingId, boolean speech,
                         List<RecordingFiles.Recording> recordings, JsonNode usage, Map<String, Long> warehouse,
                         Map<String, Double> quality, Transcript transcript, JsonNode invoice, String accountEmail) {
    }

    /** The demo account's password: the account is a throwaway on the user's own platform, and the CLI's commands sign in with it. */
    public static final String PASSWORD = "a demo passphrase";

    /** What was said and by whom as the transcription job heard it, what the bots were given to say, and the files. */
    public record Transcript(List<Map<String, Object>> segments, List<Map<String, String>> reference, List<Map<String, String>> files) {
    }

    /** How long the demo waits for the transcript's files after the recording's. */
    static final Duration TRANSCRIPT_WAIT = Duration.ofMinutes(2);

    /** How long the demo waits for the meeting's minutes to be metered into Cassandra. */
    static final Duration USAGE_WAIT = Duration.ofSeconds(60);

    /** How long the demo waits for the recording's files after the meeting ended. */
    static final Duration RECORDING_WAIT = Duration.ofMinutes(5);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Options options;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final MeetingServiceClient meetingService;

    public Demo(Options options) {
        this.options = options;
        this.meetingService = new MeetingServiceClient(http, options.web());
    }

    public Result run() throws Exception {
        Consumer<String> say = options.progress();
        boolean speech = Espeak.available();
        say.accept(speech ? "Writing the speakers' sentences with espeak-ng"
                : "espeak-ng is not installed (apt-get install espeak-ng): the bots will speak in tones instead of words");
        double turn = Math.max(4, (options.seconds() - 8) / (double) NAMES.size());
        List<Path> clips = SpeechClips.write(options.workDirectory().resolve("speech"), SENTENCES, 5, turn, speech);

        String email = MeetingServiceClient.newEmail("demo");
        String token = meetingService.signUp(email, PASSWORD, NAMES.get(0));
        Map<String, Object> meeting = new LinkedHashMap<>();
        meeting.put("topic", "Confab demo");
        meeting.put("type", "INSTANT");
        meeting.put("settings", Map.of("waitingRoom", false, "joinBeforeHost", true, "allowRecording", true));
        String meetingId = meetingService.post("/api/meetings", meeting, token).path("id").asText();
        say.accept("Created meeting " + meetingId + "; " + NAMES.size() + " bots are joining");

        ExecutorService pool = Executors.newFixedThreadPool(NAMES.size());
        List<Bot> bots = new ArrayList<>();
        List<Future<BotReport>> reports = new ArrayList<>();
        try {
            Duration stay = Duration.ofSeconds(options.seconds() + 60L);
            for (int i = 0; i < NAMES.size(); i++) {
                Bot bot = new Bot(new Bot.Options(options.web(), meetingId, NAMES.get(i), null, i == 0 ? token : null, stay, false),
                        BotMedia.audio(clips.get(i), EndOfClip.SILENCE), BotMedia.video(null));
                bots.add(bot);
                reports.add(pool.submit(bot::run));
            }
            for (Bot bot : bots) {
                bot.joined().get(60, TimeUnit.SECONDS);
            }
            String recordingId = meetingService.post("/api/meetings/" + meetingId + "/recording/start", Map.of("transcribe", true), token).path("recordingId").asText(null);
            say.accept("All joined; recording" + (recordingId == null ? "" : " " + recordingId) + " started; the meeting runs "
                    + options.seconds() + " s");
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.seconds());
            while (System.nanoTime() < end) {
                Thread.sleep(Math.min(10_000, Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()))));
                long left = TimeUnit.NANOSECONDS.toSeconds(end - System.nanoTime());
                JsonNode stats = get("/api/sfu/stats", options.operatorKey());
                say.accept(String.format("  %3d s left: the SFU has forwarded %,d packets", Math.max(0, left),
                        stats.path("forwardedPackets").asLong()));
            }
            meetingService.post("/api/meetings/" + meetingId + "/recording/stop", Map.of(), token);
            meetingService.post("/api/meetings/" + meetingId + "/end", Map.of(), token);
            say.accept("Ended the meeting");
            List<Participant> participants = new ArrayList<>();
            for (Future<BotReport> future : reports) {
                BotReport report = future.get(60, TimeUnit.SECONDS);
                participants.add(new Participant(report.name(), report.participantId(), report.received()));
            }
            List<RecordingFiles.Recording> recordings = new ArrayList<>();
            if (recordingId != null && options.files() != null) {
                say.accept("Waiting for the recording's files");
                long waited = System.nanoTime();
                var artifacts = options.files().await(meetingId, recordingId, RECORDING_WAIT, say);
                if (artifacts.isEmpty()) {
                    say.accept("The recording's files did not appear within " + RECORDING_WAIT.toMinutes()
                            + " min; see data/logs/flink-taskmanager.log");
                } else {
                    say.accept(String.format(java.util.Locale.ROOT, "The recording's %d files were ready %.1f s after the meeting ended",
                            artifacts.size(), (System.nanoTime() - waited) / 1e9));
                    recordings.add(options.files().describe(recordingId, artifacts));
                }
            }
            Transcript transcript = recordingId == null || options.files() == null ? null
                    : transcript(meetingId, recordingId, token, say);
            JsonNode usage = usage(token, say);
            java.time.LocalDate day = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
            DemoAnalytics analytics = new DemoAnalytics(options.web(), token);
            Map<String, Double> quality = analytics.quality(meetingId, day, participants, say);
            Map<String, Long> warehouse = null;
            if (options.exportDay() != null) {
                say.accept("Exporting " + day + " to the Parquet warehouse");
                warehouse = options.exportDay().test(day) ? analytics.warehouse(day) : null;
            }
            JsonNode invoice = null;
            String accountId = usage == null ? null : usage.path("account").asText(null);
            if (options.invoicePreview() != null && accountId != null) {
                java.time.YearMonth month = java.time.YearMonth.from(day);
                say.accept("Pricing the demo account's " + month + " so far with the price book");
                invoice = options.invoicePreview().apply(accountId, month);
            }
            return new Result(meetingId, participants, recordingId, speech, recordings, usage, warehouse, quality, transcript, invoice, email);
        } finally {
            pool.shutdownNow();
            bots.forEach(Bot::close);
        }
    }

    /** The transcript's files from recording.artifacts, then its segments from data-api (GET /api/meetings/{id}/transcript). */
    private Transcript transcript(String meetingId, String recordingId, String token, Consumer<String> say) throws IOException, InterruptedException {
        say.accept("Waiting for the transcript");
        var artifacts = options.files().awaitTranscript(meetingId, recordingId, TRANSCRIPT_WAIT, say);
        List<Map<String, String>> reference = new ArrayList<>();
        for (int i = 0; i < NAMES.size(); i++) {
            reference.add(Map.of("speaker", NAMES.get(i), "text", SENTENCES.get(i)));
        }
        List<Map<String, Object>> segments = new ArrayList<>();
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(options.web() + "/api/meetings/" + meetingId + "/transcript"))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 200) {
            for (JsonNode s : JSON.readTree(response.body()).path("segments")) {
                Map<String, Object> segment = new LinkedHashMap<>();
                segment.put("speaker", s.path("speaker").asText());
                segment.put("start", s.path("startMs").asLong() / 1000.0);
                segment.put("end", s.path("endMs").asLong() / 1000.0);
                segment.put("text", s.path("text").asText());
                segments.add(segment);
            }
        }
        say.accept(artifacts.isEmpty() ? "The transcript's files did not appear within " + TRANSCRIPT_WAIT.toSeconds() + " s"
                : "Transcript: " + segments.size() + " segments");
        return new Transcript(segments, reference, options.files().transcriptFiles(artifacts));
    }

    /**
     * The demo account's metered usage as data-api serves it from Cassandra (GET /api/usage, this
     * month): waited for until the meeting's participant and meeting minutes are in, or
     * {@link #USAGE_WAIT}; null when data-api does not answer.
     */
    private JsonNode usage(String token, Consumer<String> say) throws InterruptedException {
        say.accept("Waiting for the usage meter's figures");
        long deadline = System.nanoTime() + USAGE_WAIT.toNanos();
        JsonNode usage = null;
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(options.web() + "/api/usage"))
                        .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    usage = JSON.readTree(response.body());
                    JsonNode totals = usage.path("totals");
                    if (totals.path("PARTICIPANT_MINUTES").asLong() > 0 && totals.path("MEETING_MINUTES").asLong() > 0) {
                        say.accept("Metered: " + totals);
                        return usage;
                    }
                }
            } catch (IOException e) {
                // data-api not answering yet: try again until the deadline.
            }
            Thread.sleep(1000);
        }
        say.accept("The usage meter's figures did not all appear within " + USAGE_WAIT.toSeconds() + " s; see data/logs/usage-meter.log");
        return usage;
    }


    private JsonNode get(String path, String bearer) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(options.web() + path))
                .header("Authorization", "Bearer " + bearer).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }
}
