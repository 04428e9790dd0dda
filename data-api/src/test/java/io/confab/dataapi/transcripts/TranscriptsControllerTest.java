package io.confab.dataapi.transcripts;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import io.confab.dataapi.auth.CallerResolver;
import io.confab.dataapi.auth.TokenVerifier;
import io.confab.dataapi.auth.Tokens;
import io.confab.dataapi.web.ErrorAnswers;
import io.confab.storage.transcript.SearchWords;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;

/** The transcript in each format and word search, over an in-memory store: the caller's account only. */
class TranscriptsControllerTest {

    private static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");
    private static final Instant RUN = Instant.parse("2026-12-03T11:00:00Z");
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final String alice = "Bearer " + Tokens.user("u-a", "acct-a", "HOST", NOW.plusSeconds(600));
    private final String mallory = "Bearer " + Tokens.user("u-m", "acct-b", "ACCOUNT_OWNER", NOW.plusSeconds(600));
    private final List<TranscriptStore.Line> lines = List.of(
            new TranscriptStore.Line("s2", "p-bob", "Bob", 4_000, 6_500, "the budget is ready", "rec-1"),
            new TranscriptStore.Line("s1", "p-ada", "Ada", 1_000, 3_000, "shall we look at the budget", "rec-1"));
    private int wordReads;
    private MockMvc mvc;

    private final TranscriptStore store = new TranscriptStore() {
        @Override
        public Optional<Run> latestRun(String meetingId) {
            return meetingId.equals("m-1") ? Optional.of(new Run("m-1", RUN, "acct-a", "READY", "rec-1", null, null)) : Optional.empty();
        }

        @Override
        public List<Line> segments(String meetingId, Instant startedAt) {
            return lines;
        }

        @Override
        public void queued(String meetingId, Instant startedAt, String accountId, String recordingId) {
            throw new UnsupportedOperationException("not read here");
        }

        @Override
        public void failed(String meetingId, Instant startedAt, String error) {
            throw new UnsupportedOperationException("not written here");
        }

        @Override
        public List<Hit> withWord(String accountId, String word, int limit) {
            wordReads++;
            List<Hit> hits = new ArrayList<>();
            for (Line l : lines) {
                if (accountId.equals("acct-a") && SearchWords.of(l.text()).contains(word)) {
                    hits.add(new Hit("m-1", RUN, l.segmentId(), l.speakerParticipantId(), l.speaker(), l.startMs(), l.endMs(), l.text()));
                }
            }
            return hits;
        }
    };

    @BeforeEach
    void setUp() {
        mvc = MockMvcBuilders.standaloneSetup(new TranscriptsController(store))
                .setCustomArgumentResolvers(new CallerResolver(new TokenVerifier(Tokens.KEY, clock), new SimpleMeterRegistry()))
                .setControllerAdvice(new ErrorAnswers())
                .build();
    }

    @Test
    void theTranscriptIsJsonInSpokenOrderWithSpeakerNames() throws Exception {
        mvc.perform(get("/api/meetings/m-1/transcript").header("Authorization", alice))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("READY"))
                .andExpect(jsonPath("$.segments[0].speaker").value("Ada"))
                .andExpect(jsonPath("$.segments[1].speaker").value("Bob"))
                .andExpect(jsonPath("$.segments[1].startMs").value(4000));
    }

    @Test
    void webVttSrtAndTextNameEachSpeaker() throws Exception {
        mvc.perform(get("/api/meetings/m-1/transcript").param("format", "vtt").header("Authorization", alice))
                .andExpect(status().isOk())
                .andExpect(content().contentTypeCompatibleWith("text/vtt"))
                .andExpect(content().string(containsString("00:00:01.000 --> 00:00:03.000\n<v Ada>shall we look at the budget")));
        mvc.perform(get("/api/meetings/m-1/transcript").param("format", "srt").header("Authorization", alice))
                .andExpect(content().string(containsString("00:00:04,000 --> 00:00:06,500\nBob: the budget is ready")));
        mvc.perform(get("/api/meetings/m-1/transcript").param("format", "txt").header("Authorization", alice))
                .andExpect(content().string("[00:00:01.000] Ada: shall we look at the budget\n[00:00:04.000] Bob: the budget is ready\n"));
    }

    @Test
    void anotherAccountsMeetingIsNotFoundAndABadFormatIsNamed() throws Exception {
        mvc.perform(get("/api/meetings/m-1/transcript").header("Authorization", mallory)).andExpect(status().isNotFound());
        mvc.perform(get("/api/meetings/m-2/transcript").header("Authorization", alice)).andExpect(status().isNotFound());
        mvc.perform(get("/api/meetings/m-1/transcript").param("format", "docx").header("Authorization", alice))
                .andExpect(status().isBadRequest())
                .andExpect(content().string(containsString("unknown transcript format 'docx'")));
    }

    @Test
    void searchKeepsSegmentsWithEveryWordFromTheIndexOfTheCallersAccount() throws Exception {
        mvc.perform(get("/api/transcripts/search").param("q", "Budget READY").header("Authorization", alice))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.hits.length()").value(1))
                .andExpect(jsonPath("$.hits[0].speaker").value("Bob"))
                .andExpect(jsonPath("$.hits[0].meetingId").value("m-1"))
                .andExpect(jsonPath("$.hits[0].startMs").value(4000));
        org.junit.jupiter.api.Assertions.assertEquals(2, wordReads, "one index partition per word");
        mvc.perform(get("/api/transcripts/search").param("q", "budget").header("Authorization", alice))
                .andExpect(jsonPath("$.hits.length()").value(2));
        mvc.perform(get("/api/transcripts/search").param("q", "budget").header("Authorization", mallory))
                .andExpect(jsonPath("$.hits.length()").value(0));
        mvc.perform(get("/api/transcripts/search").param("q", " ?! ").header("Authorization", alice)).andExpect(status().isBadRequest());
    }
}
