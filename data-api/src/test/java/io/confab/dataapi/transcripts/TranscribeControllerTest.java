package io.confab.dataapi.transcripts;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.confab.dataapi.auth.CallerResolver;
import io.confab.dataapi.auth.TokenVerifier;
import io.confab.dataapi.auth.Tokens;
import io.confab.dataapi.recordings.FakeRecordingObjects;
import io.confab.dataapi.recordings.FakeRecordingStore;
import io.confab.dataapi.recordings.Recording;
import io.confab.dataapi.recordings.RecordingCatalog;
import io.confab.dataapi.recordings.RecordingFile;
import io.confab.dataapi.web.ErrorAnswers;
import io.confab.storage.events.TranscriptionAudio;
import io.confab.storage.events.TranscriptionRequest;
import io.confab.storage.events.TranscriptionSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/** Transcripts asked for after the fact, over fake stores: who may ask, what the request names, and bad input. */
class TranscribeControllerTest {

    private static final Instant NOW = Instant.parse("2026-12-04T12:00:00Z");
    private static final Instant STARTED = NOW.minus(Duration.ofHours(1));
    private static final String MEETING = "85123456789";
    private static final String PREFIX = "recordings/acct-a/" + MEETING + "/rec-1/";

    private final FakeRecordingStore recordings = new FakeRecordingStore();
    private final FakeRecordingObjects objects = new FakeRecordingObjects();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final List<TranscriptionRequest> published = new ArrayList<>();
    private final List<String> queued = new ArrayList<>();
    private final List<String> failed = new ArrayList<>();
    private boolean kafkaDown;
    private MockMvc mvc;

    private final String host = "Bearer " + Tokens.user("u-host", "acct-a", "HOST", NOW.plusSeconds(600));
    private final String participant = "Bearer " + Tokens.user("u-p", "acct-a", "PARTICIPANT", NOW.plusSeconds(600));
    private final String stranger = "Bearer " + Tokens.user("u-x", "acct-b", "ACCOUNT_OWNER", NOW.plusSeconds(600));
    private final String guest = "Bearer " + Tokens.guest("p-1", "acct-a", MEETING, NOW.plusSeconds(600));

    private final TranscriptStore transcripts = new TranscriptStore() {
        @Override
        public Optional<Run> latestRun(String meetingId) {
            return Optional.empty();
        }

        @Override
        public List<Line> segments(String meetingId, Instant startedAt) {
            return List.of();
        }

        @Override
        public void queued(String meetingId, Instant startedAt, String accountId, String recordingId) {
            queued.add(meetingId + " " + startedAt + " " + accountId + " " + recordingId);
        }

        @Override
        public void failed(String meetingId, Instant startedAt, String error) {
            failed.add(meetingId + " " + startedAt + " " + error);
        }

        @Override
        public List<Hit> withWord(String accountId, String word, int limit) {
            return List.of();
        }
    };

    @BeforeEach
    void setUp() {
        RecordingCatalog catalog = new RecordingCatalog(recordings, objects, Duration.ofMinutes(60), clock, meters);
        mvc = MockMvcBuilders.standaloneSetup(new TranscribeController(catalog, objects, transcripts, request -> {
            if (kafkaDown) {
                throw new IllegalStateException("Kafka did not take the request on transcription.requests: timed out");
            }
            published.add(request);
        }, clock))
                .setCustomArgumentResolvers(new CallerResolver(new TokenVerifier(Tokens.KEY, clock), meters))
                .setControllerAdvice(new ErrorAnswers())
                .build();
    }

    private void recording(String status, String... kinds) {
        recordings.recordings.add(new Recording("acct-a", STARTED, "rec-1", MEETING, STARTED.plusSeconds(60), 60_000L, status, false,
                List.of("Ada", "Bob"), null));
        for (String kind : kinds) {
            String file = switch (kind) {
                case "m4a" -> "recording.m4a";
                case "timeline" -> "timeline.json";
                default -> kind;
            };
            recordings.files.add(new RecordingFile(MEETING, "rec-1", kind.startsWith("track-") ? "track" : kind, PREFIX + file, "acct-a",
                    "confab", 1000L, 60_000L, "audio/mp4", STARTED.plusSeconds(70)));
        }
        objects.bytes.put("confab/" + PREFIX + "timeline.json", """
                {"recordingId": "rec-1", "participantsAtStart": [{"participantId": "p-ada", "name": "Ada Lovelace"}],
                 "entries": [{"offsetMs": 5000, "type": "join", "participantId": "p-bob", "name": "Bob Kahn"}]}
                """.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aRequestKafkaDidNotTakeIsA503AndItsTranscriptSaysFailedNotQueued() throws Exception {
        recording("READY", "m4a", "track-p-ada.m4a", "timeline");
        kafkaDown = true;

        mvc.perform(post("/api/recordings/rec-1/transcript").header("Authorization", host))
                .andExpect(status().isServiceUnavailable());

        assertEquals(List.of(MEETING + " " + STARTED + " acct-a rec-1"), queued);
        assertEquals(1, failed.size(), failed.toString());
        assertTrue(failed.get(0).startsWith(MEETING + " " + STARTED + " the request could not be queued"), failed.get(0));
        assertTrue(failed.get(0).contains("timed out"), failed.get(0));
    }

    @Test
    void aRecordingsTracksAreQueuedUnderTheirSpeakersNamesOnTheRecordingsTimeline() throws Exception {
        recording("READY", "m4a", "track-p-ada.m4a", "track-p-bob.m4a", "timeline");

        mvc.perform(post("/api/recordings/rec-1/transcript").header("Authorization", host))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.status").value("QUEUED"))
                .andExpect(jsonPath("$.meetingId").value(MEETING))
                .andExpect(jsonPath("$.diarized").value(false))
                .andExpect(jsonPath("$.transcriptUrl").value("/api/meetings/" + MEETING + "/transcript"));

        TranscriptionRequest request = published.get(0);
        assertEquals(TranscriptionSource.RECORDING, request.getSource());
        assertEquals(STARTED, request.getOrigin());
        assertEquals("u-host", request.getRequestedBy().toString());
        assertEquals(Map.of("p-ada", "Ada Lovelace", "p-bob", "Bob Kahn"), Map.of(
                request.getAudio().get(0).getParticipantId().toString(), request.getAudio().get(0).getSpeakerName().toString(),
                request.getAudio().get(1).getParticipantId().toString(), request.getAudio().get(1).getSpeakerName().toString()));
        assertEquals(List.of(MEETING + " " + STARTED + " acct-a rec-1"), queued);
    }

    @Test
    void aRecordingWithoutTracksIsTranscribedFromItsM4aAndDiarized() throws Exception {
        recording("READY", "m4a", "timeline");

        mvc.perform(post("/api/recordings/rec-1/transcript?speakers=3").header("Authorization", host))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.diarized").value(true));

        TranscriptionAudio only = published.get(0).getAudio().get(0);
        assertEquals(PREFIX + "recording.m4a", only.getS3Key().toString());
        assertEquals(3, published.get(0).getMaxSpeakers());
    }

    @Test
    void onlyTheAccountsOwnerOrHostMayAskAndAnotherAccountSeesNoRecording() throws Exception {
        recording("READY", "m4a");

        mvc.perform(post("/api/recordings/rec-1/transcript").header("Authorization", participant))
                .andExpect(status().isForbidden()).andExpect(jsonPath("$.detail", containsString("owner or host")));
        mvc.perform(post("/api/recordings/rec-1/transcript").header("Authorization", guest)).andExpect(status().isForbidden());
        mvc.perform(post("/api/recordings/rec-1/transcript").header("Authorization", stranger)).andExpect(status().isNotFound());
        assertTrue(published.isEmpty());
    }

    @Test
    void aRecordingStillRecordingIsRefusedWithWhatToDo() throws Exception {
        recording("RECORDING", "m4a");

        mvc.perform(post("/api/recordings/rec-1/transcript").header("Authorization", host))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.detail", containsString("once it is READY")));
    }

    @Test
    void anUploadIsStoredUnderTheAccountAndQueuedDiarized() throws Exception {
        byte[] audio = "RIFF....WAVEfmt pretend audio".getBytes(StandardCharsets.US_ASCII);

        mvc.perform(post("/api/transcripts/uploads?name=Board call (final).wav").header("Authorization", host)
                        .contentType("audio/wav").content(audio))
                .andExpect(status().isAccepted())
                .andExpect(jsonPath("$.meetingId", startsWith("upload-")))
                .andExpect(jsonPath("$.source").value("UPLOAD"))
                .andExpect(jsonPath("$.diarized").value(true));

        TranscriptionRequest request = published.get(0);
        String key = request.getAudio().get(0).getS3Key().toString();
        assertTrue(key.startsWith("recordings/acct-a/" + request.getMeetingId() + "/" + request.getRecordingId() + "/"), key);
        assertTrue(key.endsWith("/Board_call__final_.wav"), key);
        assertArrayEquals(audio, objects.bytes.get("confab/" + key));
        assertEquals(NOW, request.getOrigin());
        assertEquals("Board_call__final_.wav", request.getTitle().toString());
    }

    @Test
    void anEmptyUploadOrABadSpeakerCountIsRefused() throws Exception {
        mvc.perform(post("/api/transcripts/uploads?name=a.wav").header("Authorization", host).content(new byte[0]))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.detail", containsString("body is empty")));
        mvc.perform(post("/api/transcripts/uploads?name=a.wav&speakers=0").header("Authorization", host).content(new byte[]{1}))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.detail", containsString("between 1 and 20")));
        mvc.perform(post("/api/transcripts/uploads?name=..").header("Authorization", host).content(new byte[]{1}))
                .andExpect(status().isBadRequest()).andExpect(jsonPath("$.detail", containsString("file's name")));
        assertTrue(published.isEmpty());
    }
}
