package io.confab.orchestration.meetings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.Row;
import io.confab.bot.Bot;
import io.confab.bot.BotMedia;
import io.confab.bot.BotReport;
import io.confab.media.audio.AudioSource;
import io.confab.media.file.EndOfClip;
import io.confab.media.file.WavReader;
import com.fasterxml.jackson.databind.JsonNode;
import io.confab.orchestration.Cli;
import io.confab.orchestration.SharedPlatform;
import io.confab.orchestration.platform.CassandraNode;
import io.confab.orchestration.platform.Platform;
import io.confab.storage.events.ArtifactKind;
import io.confab.storage.events.RecordingArtifact;
import io.confab.testing.Eventually;
import io.confab.transcription.Transcriber;
import io.confab.transcription.TranscriptionConfig;
import io.confab.transcription.bench.Espeak;
import io.confab.transcription.bench.OpusRoundTrip;
import io.confab.transcription.bench.SpeechCorpus;
import io.confab.transcription.recognition.SpeechStream;
import io.confab.transcription.transcript.Recognition;
import io.confab.transcription.transcript.Segment;
import io.confab.transcription.wer.WordErrorRate;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transcription end to end on the real platform: three bots speak espeak-ng sentences in turn
 * (three voices, two sentences each) in a meeting recorded with {@code transcribe=true}; the Flink
 * transcription job on the session cluster turns their tracks into segments with their names, in
 * Cassandra and on the topic, and the transcript files next to the recording.
 *
 * <p>The baseline is the same model run directly on the same clips after an Opus encode and decode
 * at the bot's bitrate (the whole clip, silences included, as the bot sends it): the pipeline's
 * word error rate must stay within 1.05 times it. The model's answer on one clip moves by a word or
 * two with where in the lead-in silence the audio starts (the encoder's, the resampler's and the
 * voice detector's state; measured: "mike"/"like", "let us"/"to"), and the pipeline's track starts
 * wherever the recording's first packet falls. So the baseline is taken from {@link #STARTS} start
 * points across the first 2 s of the lead-in, and the pipeline is held to 1.05 times the worst of
 * them: a figure inside the model's own spread on this clip, 66 words long.
 */
@ExtendWith(SharedPlatform.class)
class TranscriptionTest {

    static final List<String> NAMES = List.of("Alice", "Bob", "Carol");
    static final int RATE = 48_000;
    static final double LEAD_SECONDS = 4;
    static final double GAP_SECONDS = 1.2;
    /** Where the baseline starts in the lead-in, in 20 ms frames (0 to 2 s). */
    static final List<Integer> STARTS = List.of(0, 25, 50, 75, 100);

    @TempDir
    Path dir;

    record Line(int speaker, String text) {
    }

    /** What one spoken, transcribed meeting left: the script, the clips, who was who, and the segments in Cassandra. */
    record Spoken(List<Line> script, List<short[]> clips, MeetingFixtures.Account host, String meetingId, Map<String, String> participants,
                  String recordingId, List<RecordingArtifact> artifacts, java.time.Instant liveStartedAt, List<Row> rows,
                  String recordingMixer) {
    }

    interface MidMeeting {
        void act(Platform platform) throws Exception;
    }

    /**
     * Three bots speak two sentences each in turn in a meeting recorded with transcription, doing
     * {@code midway} (when not null) half-way through the sentences; waits for the transcript files
     * and reads the segments from Cassandra.
     */
    private Spoken speak(SharedPlatform.Running running, MidMeeting midway) throws Exception {
        List<Line> script = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            for (int speaker = 0; speaker < NAMES.size(); speaker++) {
                script.add(new Line(speaker, SpeechCorpus.sentences(speaker).get(round)));
            }
        }
        List<short[]> clips = clips(script);
        List<Path> wavs = new ArrayList<>();
        for (int i = 0; i < clips.size(); i++) {
            wavs.add(wav(dir.resolve("speaker-" + i + ".wav"), clips.get(i)));
        }

        // A small, still picture: the bots' video costs the busy machine little.
        Path video = dir.resolve("still.y4m");
        Process ffmpeg = new ProcessBuilder("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "color=c=0x303030:s=160x96:r=5:d=2",
                "-pix_fmt", "yuv420p", video.toString()).redirectErrorStream(true).start();
        String ffmpegSaid = new String(ffmpeg.getInputStream().readAllBytes());
        assertTrue(ffmpeg.waitFor(60, TimeUnit.SECONDS) && ffmpeg.exitValue() == 0, "ffmpeg: " + ffmpegSaid);
        awaitSpeechModel(running.platform());
        MeetingFixtures fixtures = new MeetingFixtures(running);
        MeetingFixtures.Account host = fixtures.signUp(NAMES.get(0));
        Map<String, Object> settings = new java.util.HashMap<>(MeetingFixtures.open());
        settings.put("allowRecording", true);
        String meetingId = fixtures.instantMeeting(host, null, settings);
        Map<String, Long> mixerBefore = mixerCounters(running.platform());
        Duration speaking = Duration.ofMillis(clips.get(0).length * 1000L / RATE);
        ExecutorService pool = Executors.newFixedThreadPool(NAMES.size());
        List<Bot> bots = new ArrayList<>();
        Map<String, String> participants = new LinkedHashMap<>();
        List<RecordingArtifact> artifacts;
        String recordingId;
        try {
            // The bots join in silence and start their clips together once the recording has
            // started: on a busy machine joining can outlast any fixed lead-in.
            AtomicBoolean speak = new AtomicBoolean();
            List<Future<BotReport>> runs = new ArrayList<>();
            for (int i = 0; i < NAMES.size(); i++) {
                AudioSource clip = WavReader.open(wavs.get(i), EndOfClip.SILENCE);
                AudioSource silence = AudioSource.silence();
                Bot bot = new Bot(new Bot.Options(fixtures.webUrl, meetingId, NAMES.get(i), null, i == 0 ? host.token() : null,
                        speaking.plusSeconds(120), false), BotMedia.opus(frame -> (speak.get() ? clip : silence).readFrame(frame)),
                        BotMedia.video(video, 1));
                bots.add(bot);
                runs.add(pool.submit(bot::run));
            }
            for (int i = 0; i < NAMES.size(); i++) {
                participants.put(bots.get(i).joined().get(60, TimeUnit.SECONDS), NAMES.get(i));
            }
            ApiClient.Answer started = fixtures.api.post("/api/meetings/" + meetingId + "/recording/start",
                    Map.of("transcribe", true, "audioOnly", true), host.token());
            assertEquals(200, started.status(), started.toString());
            recordingId = started.body().path("recordingId").asText();
            speak.set(true);
            long speakingFrom = System.nanoTime();
            if (midway != null) {
                // Half-way through the sentences (after the lead-in), while somebody speaks.
                long half = (long) (LEAD_SECONDS * 1000 + (speaking.toMillis() - LEAD_SECONDS * 1000) / 2);
                Thread.sleep(half);
                midway.act(running.platform());
            }
            Thread.sleep(Math.max(0, speaking.toMillis() + 2500 - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - speakingFrom)));
            fixtures.api.post("/api/meetings/" + meetingId + "/recording/stop", Map.of(), host.token());
            fixtures.api.post("/api/meetings/" + meetingId + "/end", Map.of(), host.token());
            for (Future<BotReport> run : runs) {
                run.get(60, TimeUnit.SECONDS);
            }
            String recording = recordingId;
            artifacts = MeetingEventLog.artifacts(fixtures.kafka, meetingId,
                    found -> found.stream().filter(a -> a.getRecordingId().equals(recording)).map(RecordingArtifact::getKind)
                            .collect(Collectors.toSet()).containsAll(Set.of(ArtifactKind.TRANSCRIPT_JSON, ArtifactKind.WEBVTT, ArtifactKind.SRT)),
                    Duration.ofSeconds(240)); // after a TaskManager kill a new one takes a minute or two on a busy machine
        } finally {
            pool.shutdownNow();
            bots.forEach(Bot::close);
        }
        String recordingMixer = mixerReport(mixerBefore, mixerCounters(running.platform()));
        System.out.println("transcription: the recording mixer during the meeting: " + recordingMixer);

        // The segments in Cassandra, each with its speaker's name.
        List<Row> rows;
        java.time.Instant liveStartedAt;
        try (CqlSession cql = CassandraNode.session(running.platform().cassandra().address(), "datacenter1", Duration.ofSeconds(10))) {
            Row run = cql.execute("SELECT meeting_started_at, status, account_id FROM confab.transcripts_by_meeting WHERE meeting_id = ? LIMIT 1",
                    meetingId).one();
            assertTrue(run != null, "a transcript row for meeting " + meetingId + "; the job: " + jobReport(running.platform()));
            assertEquals("READY", run.getString("status"));
            assertEquals(host.accountId(), run.getString("account_id"));
            liveStartedAt = run.getInstant("meeting_started_at");
            rows = cql.execute("SELECT * FROM confab.transcript_segments_by_meeting WHERE meeting_id = ? AND meeting_started_at = ?",
                    meetingId, run.getInstant("meeting_started_at")).all();
            rows.forEach(r -> System.out.printf("transcription: %6d ms %-6s %s%n", r.getLong("start_offset_ms"), r.getString("speaker_name"),
                    r.getString("text")));
            // Every word heard is in the account's index, under this meeting.
            for (Row segment : rows) {
                for (String word : io.confab.storage.transcript.SearchWords.of(segment.getString("text"))) {
                    Row indexed = cql.execute("SELECT meeting_id FROM confab.transcript_words_by_account WHERE account_id = ? AND word = ?"
                            + " AND meeting_id = ?", host.accountId(), word, meetingId).one();
                    assertTrue(indexed != null, "the word '" + word + "' is in the account's index");
                }
            }
        }
        return new Spoken(script, clips, host, meetingId, participants, recordingId, artifacts, liveStartedAt, rows, recordingMixer);
    }

    @Test
    void threeSpeakersAreTranscribedWithTheirNamesAsWellAsTheModelAloneAndTheFilesFollow(SharedPlatform.Running running) throws Exception {
        Spoken spoken = speak(running, null);
        List<Line> script = spoken.script();
        List<short[]> clips = spoken.clips();
        List<Row> rows = spoken.rows();
        Map<String, String> participants = spoken.participants();
        String recordingId = spoken.recordingId();
        String meetingId = spoken.meetingId();
        MeetingFixtures.Account host = spoken.host();
        List<RecordingArtifact> artifacts = spoken.artifacts();
        java.time.Instant liveStartedAt = spoken.liveStartedAt();
        assertTrue(rows.size() >= script.size() / 2, "segments: " + rows.size());
        for (Row row : rows) {
            assertEquals(participants.get(row.getString("speaker_participant_id")), row.getString("speaker_name"),
                    "the name of participant " + row.getString("speaker_participant_id"));
            assertEquals(recordingId, row.getString("recording_id"));
        }

        // Word error rate: the pipeline against the model alone on the same Opus-coded clips.
        Map<Integer, String> heard = heard(rows);
        WordErrorRate pipeline = wordErrorRate(script, heard);
        List<WordErrorRate> baselines = baselines(script, clips);
        WordErrorRate baseline = baselines.stream().max(Comparator.comparingDouble(WordErrorRate::rate)).orElseThrow();
        System.out.printf("transcription: pipeline WER %.3f (%s), baseline WER %.3f (%s), the baseline by start: %s%n", pipeline.rate(), pipeline,
                baseline.rate(), baseline, baselines.stream().map(b -> String.format("%.3f", b.rate())).toList());
        System.out.println("transcription: the job: " + jobReport(running.platform()));
        assertTrue(pipeline.rate() <= 1.05 * baseline.rate() + 1e-9,
                "pipeline WER " + pipeline + " over 1.05 x the baseline's " + baseline + "; heard " + heard);

        // Attribution: each segment's words belong to the speaker whose sentence it matches best.
        int words = 0;
        int right = 0;
        for (Row row : rows) {
            String text = row.getString("text");
            Line said = script.stream().min(Comparator.comparingDouble(l -> WordErrorRate.of(l.text(), text).rate())).orElseThrow();
            int count = text.isBlank() ? 0 : text.trim().split("\\s+").length;
            words += count;
            right += NAMES.get(said.speaker()).equals(row.getString("speaker_name")) ? count : 0;
        }
        assertTrue(right >= 0.95 * words, right + " of " + words + " words attributed to the right speaker");

        // The files next to the recording, each cue with its speaker's name.
        Platform platform = running.platform();
        String vtt = download(platform, only(artifacts, recordingId, ArtifactKind.WEBVTT));
        String srt = download(platform, only(artifacts, recordingId, ArtifactKind.SRT));
        String json = download(platform, only(artifacts, recordingId, ArtifactKind.TRANSCRIPT_JSON));
        assertTrue(vtt.startsWith("WEBVTT\n"), vtt);
        for (String name : NAMES) {
            assertTrue(vtt.contains("<v " + name + ">"), name + " in the WebVTT: " + vtt);
            assertTrue(srt.contains(name + ": "), name + " in the SRT: " + srt);
            assertTrue(json.contains("\"speaker\": \"" + name + "\""), name + " in the JSON: " + json);
        }
        assertEquals(rows.size(), vtt.split("\n\n").length - 1, "one cue per segment: " + vtt);

        // After the fact: the same recording transcribed again from its stored tracks (what a meeting
        // recorded without transcription gets), each under its speaker's name, on the recording's timeline.
        Cli.Result again = Cli.run(Duration.ofMinutes(6), "transcribe", recordingId, "--meeting", meetingId, "--format", "json",
                "--data-dir", platform.config().dataDir().toString(), "--token", host.token());
        assertEquals(0, again.exitCode(), again.err() + "; the job: " + jobReport(platform));
        JsonNode later = JSON.readTree(again.out());
        assertEquals("READY", later.path("status").asText(), later.toString());
        long recordingOffsetMs = instant(later.path("meetingStartedAt")).toEpochMilli() - liveStartedAt.toEpochMilli();
        Map<Integer, String> heardLater = new LinkedHashMap<>();
        List<Long> drift = new ArrayList<>();
        for (JsonNode segment : later.path("segments")) {
            String text = segment.path("text").asText();
            int speaker = NAMES.indexOf(segment.path("speaker").asText());
            assertTrue(speaker >= 0, "a speaker's name on every segment: " + segment);
            heardLater.merge(speaker, text, (a, b) -> a + " " + b);
            Row live = rows.stream().min(Comparator.comparingDouble(r -> WordErrorRate.of(r.getString("text"), text).rate())).orElseThrow();
            drift.add(Math.abs(live.getLong("start_offset_ms") - recordingOffsetMs - segment.path("startMs").asLong()));
        }
        WordErrorRate stored = WordErrorRate.NONE;
        for (int speaker = 0; speaker < NAMES.size(); speaker++) {
            stored = stored.plus(WordErrorRate.of(reference(script, speaker), heardLater.getOrDefault(speaker, "")));
        }
        drift.sort(Comparator.naturalOrder());
        System.out.printf("transcription: after the fact from the stored tracks, WER %.3f (%s); start against the live segment's:"
                + " median %d ms, max %d ms%n", stored.rate(), stored, drift.get(drift.size() / 2), drift.get(drift.size() - 1));
        assertEquals(Set.copyOf(NAMES), Set.copyOf(heardLater.keySet().stream().map(NAMES::get).toList()), "speakers: " + later);
        // The stored tracks are coded twice (the bot's Opus, then the recording's AAC at 48 kbit/s) and
        // cut by the batch transcriber's own voice detector, so they are held to 1.1 times the baseline,
        // the bound the first transcription issue (#7) set; 1.05 is one word at 66 (CI, stop 43: 19 against 18).
        assertTrue(stored.rate() <= 1.1 * baseline.rate() + 1e-9, "stored tracks' WER " + stored + " over 1.1 x the baseline's " + baseline
                + "; heard " + heardLater + "; the recording mixer during the meeting: " + spoken.recordingMixer());
        assertTrue(drift.get(drift.size() / 2) <= 500, "segments placed where the live ones were, on the recording's timeline: " + drift);
    }

    /** What each speaker (by index in {@link #NAMES}) was heard to say, in the rows' order. */
    private static Map<Integer, String> heard(List<Row> rows) {
        Map<Integer, String> heard = new LinkedHashMap<>();
        for (Row row : rows) {
            int speaker = NAMES.indexOf(row.getString("speaker_name"));
            heard.merge(speaker, row.getString("text"), (a, b) -> a + " " + b);
        }
        return heard;
    }

    private static WordErrorRate wordErrorRate(List<Line> script, Map<Integer, String> heard) {
        WordErrorRate rate = WordErrorRate.NONE;
        for (int speaker = 0; speaker < NAMES.size(); speaker++) {
            rate = rate.plus(WordErrorRate.of(reference(script, speaker), heard.getOrDefault(speaker, "")));
        }
        return rate;
    }

    /** The model alone on each speaker's Opus-coded clip, from each of {@link #STARTS}. */
    private static List<WordErrorRate> baselines(List<Line> script, List<short[]> clips) {
        List<WordErrorRate> baselines = new ArrayList<>();
        try (Transcriber direct = Transcriber.start(TranscriptionConfig.defaults())) {
            for (int start : STARTS) {
                WordErrorRate at = WordErrorRate.NONE;
                for (int speaker = 0; speaker < NAMES.size(); speaker++) {
                    at = at.plus(WordErrorRate.of(reference(script, speaker), recognize(direct, clips.get(speaker), start)));
                }
                baselines.add(at);
            }
        }
        return baselines;
    }

    /**
     * The TaskManager is killed half-way through the sentences and a new one started. The job
     * resumes from its checkpoint, and Cassandra holds no segment lost (every sentence heard) and
     * none twice (a replayed segment keeps its id and start: no two of a speaker's segments overlap
     * and no text comes twice). The word error rate is printed, not bounded: a recognizer rebuilt
     * mid-sentence from the kept packets hears the sentence's start again, but not always the same.
     */
    @Test
    void noSegmentIsLostOrDuplicatedWhenTheTaskManagerIsKilledMidMeeting(SharedPlatform.Running running) throws Exception {
        Platform platform = running.platform();
        String job = platform.jobs().transcriptionJobId();
        long restoresBefore = platform.flink().rest().restoredCheckpoints(job);
        Spoken spoken = speak(running, killed -> {
            killed.flink().killTaskManager();
            killed.flink().startTaskManager();
        });
        assertTrue(platform.flink().rest().restoredCheckpoints(job) > restoresBefore,
                "the job restored from a checkpoint after the kill; the job: " + jobReport(platform));

        Map<String, List<Row>> bySpeaker = spoken.rows().stream().collect(Collectors.groupingBy(r -> r.getString("speaker_name")));
        for (Map.Entry<String, List<Row>> speaker : bySpeaker.entrySet()) {
            List<Row> segments = new ArrayList<>(speaker.getValue());
            segments.sort(Comparator.comparingLong(r -> r.getLong("start_offset_ms")));
            for (int i = 1; i < segments.size(); i++) {
                Row before = segments.get(i - 1);
                Row after = segments.get(i);
                assertTrue(after.getLong("start_offset_ms") >= before.getLong("end_offset_ms"), speaker.getKey() + "'s segments overlap, "
                        + "the same speech twice: " + describe(before) + " and " + describe(after));
            }
            List<String> texts = segments.stream().map(r -> r.getString("text")).filter(t -> !t.isBlank()).toList();
            assertEquals(texts.size(), Set.copyOf(texts).size(), speaker.getKey() + " said the same twice: " + texts);
        }
        for (Line line : spoken.script()) {
            String heard = bySpeaker.getOrDefault(NAMES.get(line.speaker()), List.of()).stream().map(r -> r.getString("text"))
                    .collect(Collectors.joining(" "));
            Set<String> words = Set.copyOf(words(heard));
            List<String> marks = distinctiveWords(line, spoken.script());
            assertFalse(marks.isEmpty(), "the script line \"" + line.text() + "\" has no word of its own to look for");
            long found = marks.stream().filter(words::contains).count();
            assertTrue(found * 3 >= marks.size(), "a sentence of " + NAMES.get(line.speaker()) + " is lost: \"" + line.text()
                    + "\" (of its words " + marks + " only " + found + " heard); heard: " + heard);
        }
        System.out.printf("transcription: with the TaskManager killed half-way, WER %.3f over %d segments%n",
                wordErrorRate(spoken.script(), heard(spoken.rows())).rate(), spoken.rows().size());
    }

    private static List<String> words(String text) {
        return List.of(text.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z' ]", " ").trim().split("\\s+"));
    }

    /**
     * The words that mark {@code line} as heard: four letters or more and in none of its speaker's
     * other lines. A lost sentence leaves none of them; a sentence misheard around the restart (the
     * recognizer rebuilt mid-word hears "firing to" for "let us") keeps some of them, where counting
     * every short word ("at", "in", "the") made a misheard sentence look lost. A third of them must
     * be heard: the 2026-12-05 suite heard "I agree with that plan and I can help with the hiring",
     * spoken across the restart, as "i the with net plan and i can fill when the firing" (2 of 6).
     */
    private static List<String> distinctiveWords(Line line, List<Line> script) {
        Set<String> elsewhere = script.stream().filter(other -> other.speaker() == line.speaker() && !other.equals(line))
                .flatMap(other -> words(other.text()).stream()).collect(Collectors.toSet());
        return words(line.text()).stream().filter(w -> w.length() >= 4 && !elsewhere.contains(w)).distinct().toList();
    }

    private static String describe(Row segment) {
        return "[" + segment.getLong("start_offset_ms") + ", " + segment.getLong("end_offset_ms") + "] ms " + segment.getString("segment_id")
                + " \"" + segment.getString("text") + "\"";
    }

    @Test
    void anUploadedFileWithTwoVoicesIsTranscribedIntoTwoSpeakersAndSearchable(SharedPlatform.Running running) throws Exception {
        // Two voices taking turns on one channel: the test's own script, mixed down.
        List<Line> script = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            script.add(new Line(0, SpeechCorpus.sentences(0).get(round)));
            script.add(new Line(2, SpeechCorpus.sentences(2).get(round)));
        }
        List<short[]> clips = clips(script);
        short[] channel = new short[clips.get(0).length];
        for (int i = 0; i < channel.length; i++) {
            channel[i] = (short) (clips.get(0)[i] + clips.get(2)[i]);
        }
        Path upload = wav(dir.resolve("interview.wav"), channel);
        awaitSpeechModel(running.platform());
        MeetingFixtures fixtures = new MeetingFixtures(running);
        MeetingFixtures.Account host = fixtures.signUp("Uma");

        Cli.Result result = Cli.run(Duration.ofMinutes(5), "transcribe", "--file", upload.toString(), "--speakers", "4", "--format", "json",
                "--data-dir", running.platform().config().dataDir().toString(), "--token", host.token());

        assertEquals(0, result.exitCode(), result.err() + "; the job: " + jobReport(running.platform()));
        assertTrue(result.err().contains("uploading interview.wav") && result.err().contains("ready"), result.err());
        JsonNode transcript = JSON.readTree(result.out());
        String meetingId = transcript.path("meetingId").asText();
        assertTrue(meetingId.startsWith("upload-"), transcript.toString());
        // Each segment's words belong to the voice louder in its span: the diarization's accuracy.
        int words = 0;
        int right = 0;
        Map<String, int[]> votes = new LinkedHashMap<>();
        for (JsonNode segment : transcript.path("segments")) {
            int from = (int) (segment.path("startMs").asLong() * RATE / 1000);
            int to = Math.min(channel.length, (int) (segment.path("endMs").asLong() * RATE / 1000));
            int truth = energy(clips.get(0), from, to) >= energy(clips.get(2), from, to) ? 0 : 1;
            int count = segment.path("text").asText().split("\\s+").length;
            votes.computeIfAbsent(segment.path("speaker").asText(), k -> new int[2])[truth] += count;
            words += count;
        }
        assertEquals(Set.of("Speaker 1", "Speaker 2"), votes.keySet(), "speakers: " + transcript);
        right = Math.max(votes.get("Speaker 1")[0] + votes.get("Speaker 2")[1], votes.get("Speaker 1")[1] + votes.get("Speaker 2")[0]);
        System.out.printf("transcription: an uploaded file diarized, %d of %d words to the right speaker (%.3f)%n", right, words,
                (double) right / words);
        assertTrue(right >= 0.9 * words, right + " of " + words + " words to the right speaker: " + transcript);

        // Searchable with the account's other transcripts.
        String word = java.util.Arrays.stream(transcript.path("segments").get(0).path("text").asText().split("\\s+"))
                .max(Comparator.comparingInt(String::length)).orElseThrow();
        ApiClient.Answer found = fixtures.api.get("/api/transcripts/search?q=" + word, host.token());
        assertEquals(200, found.status(), found.toString());
        assertTrue(found.body().toString().contains(meetingId), "'" + word + "' found in the upload: " + found.body());
    }

    private static double energy(short[] pcm, int from, int to) {
        double sum = 0;
        for (int i = Math.max(0, from); i < Math.min(pcm.length, to); i++) {
            sum += (double) pcm[i] * pcm[i];
        }
        return sum;
    }

    private static java.time.Instant instant(JsonNode value) {
        return value.isNumber() ? java.time.Instant.ofEpochMilli(Math.round(value.asDouble() * 1000)) : java.time.Instant.parse(value.asText());
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    /**
     * The job loads its speech model in the background from its start (tens of seconds on a busy
     * machine); a meeting that speaks before is heard only from then on, which is not this test's subject.
     */
    static void awaitSpeechModel(Platform platform) throws Exception {
        String job = platform.jobs().transcriptionJobId();
        if (!Eventually.within(Duration.ofMinutes(3)).every(Duration.ofMillis(500)).holds(
                () -> platform.flink().rest().operatorMetric(job, "meeting-transcriber", "confab_transcription.model_ready") == 1)) {
            throw new AssertionError("the transcription job's speech model is not ready after 3 minutes: " + jobReport(platform));
        }
    }

    /** The transcription job's state and counters, for a failure message. */
    static String jobReport(Platform platform) {
        try {
            var flink = platform.flink().rest();
            String job = platform.jobs().transcriptionJobId();
            StringBuilder report = new StringBuilder(flink.jobState(job));
            for (String metric : List.of("events", "packets", "packets_held", "packets_not_transcribed", "packets_not_audio",
                    "packets_lost", "packets_late", "frames_dropped", "segments", "captions", "transcripts_written", "transcripts_failed",
                    "opus_undecodable")) {
                report.append(", ").append(metric).append('=').append(flink.operatorMetric(job, "meeting-transcriber", "confab_transcription." + metric));
            }
            return report.append(", root exception: ").append(flink.rootException(job)).toString();
        } catch (Exception e) {
            return "unknown (" + e + ")";
        }
    }

    /** The recording mixer's counters that say whether a track lost audio; -1 where Flink has none. */
    private static Map<String, Long> mixerCounters(Platform platform) {
        Map<String, Long> counters = new LinkedHashMap<>();
        for (String metric : List.of("packets", "packets_late", "packets_lost", "packets_duplicate", "audio_samples_concealed",
                "packets_held_expired", "engine_rebuilds")) {
            long value;
            try {
                value = platform.flink().rest().operatorMetric(platform.jobs().recordingJobId(), "recording-mixer", "confab_recording." + metric);
            } catch (Exception e) {
                value = -1;
            }
            counters.put(metric, value);
        }
        return counters;
    }

    /** Each counter's growth from {@code before} to {@code after} (the job's totals span every test's meetings; a restored task counts from 0). */
    private static String mixerReport(Map<String, Long> before, Map<String, Long> after) {
        // In whole-suite runs (stop 44) Flink's REST answered the same figures before and after a meeting
        // the mixer did record: then the counters say nothing about it.
        String stale = after.get("packets").equals(before.get("packets")) ? " (no packets counted: Flink's REST figures did not move)" : "";
        return after.entrySet().stream()
                .map(e -> e.getKey() + "=" + (e.getValue() < 0 || before.get(e.getKey()) < 0 ? "?"
                        : e.getValue() < before.get(e.getKey()) ? "?(the mixer restarted)" : e.getValue() - before.get(e.getKey())))
                .collect(Collectors.joining(", ")) + stale;
    }

    /** What the model alone hears in a clip coded as the bot codes it, from {@code startFrame} on: the baseline. */
    static String recognize(Transcriber transcriber, short[] clip48k, int startFrame) {
        short[] decoded = OpusRoundTrip.encodeDecode(clip48k, OpusRoundTrip.BOT_BITRATE);
        short[] coded = SpeechCorpus.to16k(java.util.Arrays.copyOfRange(decoded, startFrame * AudioSource.SAMPLES_PER_FRAME, decoded.length));
        StringBuilder text = new StringBuilder();
        try (SpeechStream stream = transcriber.openStream()) {
            List<Recognition> all = new ArrayList<>(stream.accept(coded));
            all.addAll(stream.finish());
            for (Recognition r : all) {
                if (r instanceof Segment s) {
                    text.append(text.length() == 0 ? "" : " ").append(s.text());
                }
            }
        }
        return text.toString();
    }

    static String reference(List<Line> script, int speaker) {
        return script.stream().filter(l -> l.speaker() == speaker).map(Line::text).collect(Collectors.joining(" "));
    }

    /** Each speaker's clip: silence except its own sentences, in turn with the others' (48 kHz mono). */
    private List<short[]> clips(List<Line> script) throws Exception {
        List<short[]> spoken = new ArrayList<>();
        for (Line line : script) {
            spoken.add(Espeak.pcm(SpeechCorpus.VOICES.get(line.speaker()), line.text(), dir, RATE));
        }
        int total = (int) (LEAD_SECONDS * RATE);
        for (short[] s : spoken) {
            total += s.length + (int) (GAP_SECONDS * RATE);
        }
        List<short[]> clips = new ArrayList<>();
        for (int i = 0; i < NAMES.size(); i++) {
            clips.add(new short[total]);
        }
        int at = (int) (LEAD_SECONDS * RATE);
        for (int i = 0; i < script.size(); i++) {
            System.arraycopy(spoken.get(i), 0, clips.get(script.get(i).speaker()), at, spoken.get(i).length);
            at += spoken.get(i).length + (int) (GAP_SECONDS * RATE);
        }
        return clips;
    }

    private static Path wav(Path file, short[] pcm) throws Exception {
        ByteBuffer out = ByteBuffer.allocate(44 + pcm.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        out.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + pcm.length * 2).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        out.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1).putInt(RATE)
                .putInt(RATE * 2).putShort((short) 2).putShort((short) 16);
        out.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(pcm.length * 2);
        for (short s : pcm) {
            out.putShort(s);
        }
        Files.write(file, out.array());
        return file;
    }

    private static RecordingArtifact only(List<RecordingArtifact> artifacts, String recordingId, ArtifactKind kind) {
        List<RecordingArtifact> found = artifacts.stream().filter(a -> a.getKind() == kind && a.getRecordingId().equals(recordingId)).toList();
        assertEquals(1, found.size(), kind + " files of " + recordingId + ": " + artifacts);
        return found.get(0);
    }

    private static String download(Platform platform, RecordingArtifact artifact) throws Exception {
        try (var client = platform.s3().client(); InputStream in = client.getObject(b -> b.bucket(artifact.getS3Bucket()).key(artifact.getS3Key()))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
