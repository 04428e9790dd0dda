package io.confab.dataapi.recordings;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.confab.dataapi.auth.CallerResolver;
import io.confab.dataapi.auth.TokenVerifier;
import io.confab.dataapi.auth.Tokens;
import io.confab.dataapi.web.ErrorAnswers;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/** The recordings endpoints over fake stores: who sees, gets and deletes what, and the answers' shape. */
class RecordingsControllerTest {

    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    private static final String MEETING = "85123456789";
    private static final String OTHER_MEETING = "85123456790";

    private final FakeRecordingStore store = new FakeRecordingStore();
    private final FakeRecordingObjects objects = new FakeRecordingObjects();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final RecordingCatalog catalog = new RecordingCatalog(store, objects, Duration.ofMinutes(60), clock, meters);
    private MockMvc mvc;

    private final String owner = "Bearer " + Tokens.user("u-owner", "acct-a", "ACCOUNT_OWNER", NOW.plusSeconds(600));
    private final String participant = "Bearer " + Tokens.user("u-p", "acct-a", "PARTICIPANT", NOW.plusSeconds(600));
    private final String stranger = "Bearer " + Tokens.user("u-x", "acct-b", "ACCOUNT_OWNER", NOW.plusSeconds(600));
    private final String guest = "Bearer " + Tokens.guest("p-1", "acct-a", MEETING, NOW.plusSeconds(600));

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.standaloneSetup(new RecordingsController(catalog))
                .setCustomArgumentResolvers(new CallerResolver(new TokenVerifier(Tokens.KEY, clock), meters))
                .setControllerAdvice(new ErrorAnswers())
                .build();
        recording("rec-old", MEETING, NOW.minus(Duration.ofDays(40)));
        recording("rec-new", MEETING, NOW.minus(Duration.ofHours(2)));
        recording("rec-elsewhere", OTHER_MEETING, NOW.minus(Duration.ofHours(1)));
    }

    private void recording(String id, String meeting, Instant started) {
        String prefix = "recordings/acct-a/" + meeting + "/" + id + "/";
        store.recordings.add(new Recording("acct-a", started, id, meeting, started.plusSeconds(3), 3000L, "READY", false,
                List.of("Alice", "Bob"), prefix + "poster.jpg"));
        for (String[] file : new String[][] {{"mp4", "recording.mp4"}, {"m4a", "recording.m4a"}, {"poster", "poster.jpg"}}) {
            store.files.add(new RecordingFile(meeting, id, file[0], prefix + file[1], "acct-a", "confab", 1000L, 3000L,
                    "video/mp4", started.plusSeconds(5)));
            objects.keys.add("confab/" + prefix + file[1]);
        }
    }

    @Test
    void refusesACallWithoutATokenWithProblemDetails() throws Exception {
        mvc.perform(get("/api/recordings"))
                .andExpect(status().isUnauthorized())
                .andExpect(header().string("WWW-Authenticate", "Bearer"))
                .andExpect(jsonPath("$.detail", containsString("Authorization: Bearer")));
        assertEquals(1.0, meters.get("confab.data.api.tokens.refused").tag("reason", "missing").counter().count());
    }

    @Test
    void listsTheAccountsRecordingsNewestFirstWithPosterLinks() throws Exception {
        mvc.perform(get("/api/recordings").header("Authorization", owner))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.recordings", hasSize(3)))
                .andExpect(jsonPath("$.recordings[0].id").value("rec-elsewhere"))
                .andExpect(jsonPath("$.recordings[2].id").value("rec-old"))
                .andExpect(jsonPath("$.recordings[0].durationSeconds").value(3))
                .andExpect(jsonPath("$.recordings[0].participants[1]").value("Bob"))
                .andExpect(jsonPath("$.recordings[0].posterUrl", containsString("poster.jpg")))
                .andExpect(jsonPath("$.recordings[0].files").doesNotExist());
    }

    @Test
    void refusesALimitOutOfRangeSayingWhy() throws Exception {
        mvc.perform(get("/api/recordings?limit=0").header("Authorization", owner))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail", containsString("limit must be between 1 and 500")));
    }

    @Test
    void givesEveryFileWithAnExpiringLink() throws Exception {
        mvc.perform(get("/api/recordings/rec-new").header("Authorization", participant))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.files", hasSize(3)))
                .andExpect(jsonPath("$.files[0].kind").value("mp4"))
                .andExpect(jsonPath("$.files[0].name").value("recording.mp4"))
                .andExpect(jsonPath("$.files[0].url", containsString("X-Amz-Expires=3600")))
                .andExpect(jsonPath("$.files[0].urlExpiresAt").value("2026-12-03T13:00:00Z"));
    }

    @Test
    void anotherAccountGetsNotFoundForEveryRecordingAndAnEmptyMeetingList() throws Exception {
        mvc.perform(get("/api/recordings/rec-new").header("Authorization", stranger))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.detail", containsString("no recording rec-new")));
        mvc.perform(get("/api/recordings/rec-new?meetingId=" + MEETING).header("Authorization", stranger))
                .andExpect(status().isNotFound());
        mvc.perform(delete("/api/recordings/rec-new").header("Authorization", stranger))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/meetings/" + MEETING + "/recordings").header("Authorization", stranger))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.recordings", hasSize(0)));
        assertTrue(store.find("acct-a", "rec-new").isPresent());
    }

    @Test
    void aGuestSeesOnlyTheRecordingsOfItsMeeting() throws Exception {
        mvc.perform(get("/api/recordings").header("Authorization", guest))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.recordings", hasSize(2)))
                .andExpect(jsonPath("$.recordings[0].id").value("rec-new"));
        mvc.perform(get("/api/recordings/rec-elsewhere").header("Authorization", guest))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/meetings/" + OTHER_MEETING + "/recordings").header("Authorization", guest))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/recordings/rec-new").header("Authorization", guest))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.meetingId").value(MEETING));
    }

    @Test
    void onlyOwnersAndHostsDelete() throws Exception {
        mvc.perform(delete("/api/recordings/rec-new").header("Authorization", guest))
                .andExpect(status().isForbidden())
                .andExpect(jsonPath("$.detail", containsString("owner or host")));
        mvc.perform(delete("/api/recordings/rec-new").header("Authorization", participant))
                .andExpect(status().isForbidden());
        mvc.perform(delete("/api/recordings/rec-new").header("Authorization", owner))
                .andExpect(status().isNoContent());
        assertTrue(store.find("acct-a", "rec-new").isEmpty());
        assertTrue(store.files(MEETING, "rec-new").isEmpty());
        assertTrue(objects.keys.stream().noneMatch(k -> k.contains("/rec-new/")), objects.keys.toString());
        assertEquals(1.0, meters.get("confab.data.api.recordings.deleted").tag("cause", "request").counter().count());
    }

    @Test
    void findsFilesWhoseSummaryRowIsNotWrittenYetByMeeting() throws Exception {
        store.recordings.removeIf(r -> r.recordingId().equals("rec-new"));
        mvc.perform(get("/api/recordings/rec-new").header("Authorization", owner))
                .andExpect(status().isNotFound());
        mvc.perform(get("/api/recordings/rec-new?meetingId=" + MEETING).header("Authorization", owner))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("READY"))
                .andExpect(jsonPath("$.files", hasSize(3)));
    }

    @Test
    void theOwnerSetsRetentionAndTheSweepDeletesWhatIsOlder() throws Exception {
        mvc.perform(get("/api/recordings/retention").header("Authorization", owner))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.days").doesNotExist());
        mvc.perform(put("/api/recordings/retention").header("Authorization", participant)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"days\": 30}"))
                .andExpect(status().isForbidden());
        mvc.perform(put("/api/recordings/retention").header("Authorization", owner)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"days\": 0}"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail", containsString("days must be between 1 and 36500")));
        mvc.perform(put("/api/recordings/retention").header("Authorization", owner)
                        .contentType(MediaType.APPLICATION_JSON).content("{\"days\": 30}"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.days").value(30));

        assertEquals(1, catalog.sweep());
        assertTrue(store.find("acct-a", "rec-old").isEmpty());
        assertEquals(2, store.byAccount("acct-a", 10).size());
        assertEquals(0, catalog.sweep());
    }

    @Test
    void anIdThatCannotBeAnS3KeySegmentIsABadRequest() throws Exception {
        store.files.add(new RecordingFile(MEETING, "..", "mp4", "x", "acct-a", "confab", 1L, 1L, "video/mp4", NOW));
        mvc.perform(delete("/api/recordings/..?meetingId=" + MEETING).header("Authorization", owner))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.detail", containsString("recording id must not contain '..'")));
    }
}
