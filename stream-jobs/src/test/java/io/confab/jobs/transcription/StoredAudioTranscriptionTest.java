package io.confab.jobs.transcription;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.confab.jobs.kafka.KafkaRecord;
import io.confab.jobs.kafka.OutboundRecord;
import io.confab.storage.codec.Codecs;
import io.confab.storage.events.ArtifactKind;
import io.confab.storage.events.DeadLetter;
import io.confab.storage.events.NotificationKind;
import io.confab.storage.events.TranscriptSegment;
import io.confab.storage.events.TranscriptionAudio;
import io.confab.storage.events.TranscriptionRequest;
import io.confab.storage.events.TranscriptionSource;
import io.confab.storage.topics.Topics;
import io.confab.storage.transcript.TranscriptFormat;
import io.confab.transcription.Transcriber;
import io.confab.transcription.TranscriptionConfig;
import io.confab.transcription.bench.Espeak;
import io.confab.transcription.wer.WordErrorRate;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.api.common.functions.DefaultOpenContext;
import org.apache.flink.streaming.util.MockStreamingRuntimeContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Stored audio through the request operator, with the real model and espeak-ng speech, over an in-memory store. */
class StoredAudioTranscriptionTest {

    static final String ACCOUNT = "acct-later";
    static final String ADA = "the new team started work on monday and they are doing well";
    static final String BOB = "please send me your numbers before the end of the week";
    static final TranscriptionConfig SPEECH = MeetingTranscriberTest.SPEECH;

    static Path scratch;

    @BeforeAll
    static void model() throws Exception {
        scratch = Files.createTempDirectory("stored-audio-test");
        Transcriber.start(SPEECH).close();
    }

    @Test
    void eachTrackOfARecordingIsTranscribedUnderItsSpeakersNameOnTheRecordingsTimeline() throws Exception {
        MeetingTranscriberTest.MemoryTranscriptStore store = new MeetingTranscriberTest.MemoryTranscriptStore();
        String meeting = "m-recorded";
        store.objects.put(key(meeting, "rec-7", "track-p-ada.m4a"), wav("ada.wav", List.of(new Said("en-us", ADA)), 0.3));
        // Bob joined late: his track is an M4A whose audio begins 3 s into the file's timeline, as the mixer writes it.
        store.objects.put(key(meeting, "rec-7", "track-p-bob.m4a"), m4aStartingAt(wav("bob.wav", List.of(new Said("en-us+f3", BOB)), 1.0), 3));
        TranscriptionRequest request = request(meeting, "rec-7", TranscriptionSource.RECORDING, false,
                audio(key(meeting, "rec-7", "track-p-ada.m4a"), "p-ada", "Ada Lovelace", 0),
                audio(key(meeting, "rec-7", "track-p-bob.m4a"), "p-bob", "Bob Kahn", 1000));

        Collection<OutboundRecord> out = run(store, encode(request));

        Map<String, String> said = store.segments.stream().collect(Collectors.groupingBy(s -> s.getSpeakerName().toString(),
                Collectors.mapping(s -> s.getText().toString(), Collectors.joining(" "))));
        assertEquals(Set.of("Ada Lovelace", "Bob Kahn"), said.keySet(), "speakers: " + said);
        assertTrue(WordErrorRate.of(ADA, said.get("Ada Lovelace")).rate() <= 0.25, "Ada: " + said.get("Ada Lovelace"));
        assertTrue(WordErrorRate.of(BOB, said.get("Bob Kahn")).rate() <= 0.25, "Bob: " + said.get("Bob Kahn"));
        TranscriptSegment bob = store.segments.stream().filter(s -> s.getSpeakerName().toString().equals("Bob Kahn")).findFirst().orElseThrow();
        // Bob's track is placed 1 s into the recording, his audio begins 3 s into it, and he speaks 1 s into his audio.
        assertTrue(bob.getStartOffsetMs() >= 4500 && bob.getStartOffsetMs() <= 5600, "Bob on the recording's timeline: " + bob);
        assertEquals("p-bob", bob.getSpeakerParticipantId());
        assertEquals("rec-7", bob.getRecordingId());
        assertEquals(Instant.ofEpochMilli(ORIGIN_MS), bob.getMeetingStartedAt());

        assertTrue(store.files.get("rec-7/" + TranscriptFormat.VTT.fileName()).contains("<v Bob Kahn>"), store.files.toString());
        assertEquals("RUNNING 0.0", store.states.get(0));
        assertEquals("READY 1.0", store.states.get(store.states.size() - 1));
        List<ArtifactKind> kinds = out.stream().filter(r -> r.topic.equals(Topics.RECORDING_ARTIFACTS))
                .map(r -> Codecs.RECORDING_ARTIFACTS.decode(r.value).orElseThrow().getKind()).toList();
        assertEquals(Set.of(ArtifactKind.TRANSCRIPT_JSON, ArtifactKind.WEBVTT, ArtifactKind.SRT), Set.copyOf(kinds));
        assertTrue(out.stream().filter(r -> r.topic.equals(Topics.NOTIFICATIONS))
                .anyMatch(r -> Codecs.NOTIFICATIONS.decode(r.value).orElseThrow().getKind() == NotificationKind.TRANSCRIPT_READY));
        assertEquals(store.segments.size(), out.stream().filter(r -> r.topic.equals(Topics.TRANSCRIPT_SEGMENTS)).count());
    }

    @Test
    void anUploadWithTwoVoicesOnOneChannelIsDiarizedIntoTwoSpeakers() throws Exception {
        MeetingTranscriberTest.MemoryTranscriptStore store = new MeetingTranscriberTest.MemoryTranscriptStore();
        String meeting = "upload-u1";
        List<Said> turns = List.of(new Said("en-us", ADA), new Said("en-us+f3", BOB), new Said("en-us", "we will meet again next week"),
                new Said("en-us+f3", "that sounds good to me"));
        store.objects.put(key(meeting, "u1", "interview.wav"), wav("interview.wav", turns, 0.6));

        run(store, encode(request(meeting, "u1", TranscriptionSource.UPLOAD, true, audio(key(meeting, "u1", "interview.wav"), null, null, 0))));

        List<String> speakers = store.segments.stream().map(s -> s.getSpeakerName().toString()).distinct().toList();
        assertEquals(List.of("Speaker 1", "Speaker 2"), speakers, "turns: " + store.segments);
        assertTrue(store.segments.size() >= 4, "a segment per turn: " + store.segments);
        assertEquals(Set.of("speaker-1", "speaker-2"), store.segments.stream().map(s -> s.getSpeakerParticipantId().toString())
                .collect(Collectors.toSet()), "a diarized voice's label stands in for its participant id");
        assertEquals("READY 1.0", store.states.get(store.states.size() - 1));
    }

    @Test
    void audioOutsideTheAccountIsRefusedAndDeadLettered() throws Exception {
        MeetingTranscriberTest.MemoryTranscriptStore store = new MeetingTranscriberTest.MemoryTranscriptStore();
        TranscriptionRequest request = request("m-x", "rec-x", TranscriptionSource.RECORDING, false,
                audio("recordings/another-account/m-x/rec-x/recording.m4a", null, null, 0));

        Collection<OutboundRecord> out = run(store, encode(request));

        DeadLetter letter = onlyDeadLetter(out);
        assertTrue(letter.getReason().toString().contains("not under the account's recordings/" + ACCOUNT + "/"), letter.toString());
        assertTrue(store.states.get(store.states.size() - 1).startsWith("FAILED"), store.states.toString());
        assertTrue(store.segments.isEmpty());
    }

    @Test
    void aMissingObjectFailsTheRequestWithTheS3Error() throws Exception {
        MeetingTranscriberTest.MemoryTranscriptStore store = new MeetingTranscriberTest.MemoryTranscriptStore();
        TranscriptionRequest request = request("m-y", "rec-y", TranscriptionSource.RECORDING, false,
                audio(key("m-y", "rec-y", "recording.m4a"), null, null, 0));

        DeadLetter letter = onlyDeadLetter(run(store, encode(request)));

        assertTrue(letter.getReason().toString().contains("does not exist"), letter.toString());
        assertTrue(store.states.get(store.states.size() - 1).contains("does not exist"), store.states.toString());
    }

    @Test
    void bytesThatAreNoRequestGoToTheDeadLetterTopic() throws Exception {
        MeetingTranscriberTest.MemoryTranscriptStore store = new MeetingTranscriberTest.MemoryTranscriptStore();

        DeadLetter letter = onlyDeadLetter(run(store, "not avro".getBytes(StandardCharsets.UTF_8)));

        assertTrue(letter.getReason().toString().contains("NOT_SINGLE_OBJECT_ENCODED"), letter.toString());
        assertTrue(store.states.isEmpty());
    }

    static final long ORIGIN_MS = 1_700_000_000_000L;

    record Said(String voice, String text) {
    }

    private static Collection<OutboundRecord> run(MeetingTranscriberTest.MemoryTranscriptStore store, byte[] value) throws Exception {
        StoredAudioTranscription operator = new StoredAudioTranscription(MeetingTranscriberTest.config(), () -> store,
                c -> Transcriber.start(SPEECH));
        operator.setRuntimeContext(new MockStreamingRuntimeContext(false, 1, 0));
        operator.open(DefaultOpenContext.INSTANCE);
        try {
            return operator.handle(new KafkaRecord(Topics.TRANSCRIPTION_REQUESTS, 0, 42, "m".getBytes(StandardCharsets.UTF_8), value));
        } finally {
            operator.close();
        }
    }

    private static DeadLetter onlyDeadLetter(Collection<OutboundRecord> out) {
        assertEquals(1, out.size(), out.toString());
        OutboundRecord record = out.iterator().next();
        assertEquals(Topics.deadLetterOf(Topics.TRANSCRIPTION_REQUESTS), record.topic);
        return Codecs.DEAD_LETTERS.decode(record.value).orElseThrow();
    }

    private static String key(String meeting, String folder, String file) {
        return "recordings/" + ACCOUNT + "/" + meeting + "/" + folder + "/" + file;
    }

    private static TranscriptionAudio audio(String key, String participantId, String name, long offsetMs) {
        return TranscriptionAudio.newBuilder().setS3Bucket("test").setS3Key(key).setParticipantId(participantId).setSpeakerName(name)
                .setOffsetMs(offsetMs).build();
    }

    private static TranscriptionRequest request(String meeting, String folder, TranscriptionSource source, boolean diarize,
                                                TranscriptionAudio... audio) {
        return TranscriptionRequest.newBuilder().setRequestId("req-" + meeting).setAccountId(ACCOUNT).setMeetingId(meeting)
                .setRecordingId(folder).setOrigin(Instant.ofEpochMilli(ORIGIN_MS)).setSource(source).setAudio(List.of(audio))
                .setDiarize(diarize).setMaxSpeakers(4).setRequestedBy("user-host").setTitle("Weekly sync").setRequestedAt(Instant.now())
                .build();
    }

    private static byte[] encode(TranscriptionRequest request) {
        return Codecs.TRANSCRIPTION_REQUESTS.encode(request);
    }

    private static Path m4aStartingAt(Path wav, int seconds) throws Exception {
        Path m4a = scratch.resolve(wav.getFileName().toString().replace(".wav", ".m4a"));
        Process ffmpeg = new ProcessBuilder("ffmpeg", "-v", "error", "-y", "-i", wav.toString(), "-c:a", "aac", "-output_ts_offset",
                Integer.toString(seconds), m4a.toString()).redirectErrorStream(true).start();
        String said = new String(ffmpeg.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, ffmpeg.waitFor(), said);
        return m4a;
    }

    /** The sentences in turn on one 16 kHz mono channel, after {@code leadSeconds} of silence, as a WAV file. */
    private static Path wav(String name, List<Said> turns, double leadSeconds) throws IOException {
        List<short[]> pieces = new ArrayList<>();
        pieces.add(new short[(int) (leadSeconds * 16_000)]);
        for (Said said : turns) {
            pieces.add(Espeak.pcm(said.voice(), said.text(), scratch, 16_000));
            pieces.add(new short[(int) (0.6 * 16_000)]);
        }
        int samples = pieces.stream().mapToInt(p -> p.length).sum();
        ByteBuffer wav = ByteBuffer.allocate(44 + 2 * samples).order(ByteOrder.LITTLE_ENDIAN);
        wav.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + 2 * samples).put("WAVE".getBytes(StandardCharsets.US_ASCII));
        wav.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1).putInt(16_000)
                .putInt(32_000).putShort((short) 2).putShort((short) 16);
        wav.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(2 * samples);
        pieces.forEach(p -> {
            for (short s : p) {
                wav.putShort(s);
            }
        });
        Path file = scratch.resolve(name);
        Files.write(file, wav.array());
        return file;
    }
}
