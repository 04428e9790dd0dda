package io.confab.dataapi.transcripts;

import io.confab.dataapi.auth.Caller;
import io.confab.dataapi.web.Problems;
import io.confab.storage.transcript.SearchWords;
import io.confab.storage.transcript.TranscriptCue;
import io.confab.storage.transcript.TranscriptDocument;
import io.confab.storage.transcript.TranscriptFormat;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * A meeting's transcript in each format, and search over the caller's account by words. Only the
 * caller's account is visible (a guest: only the meeting its token admits to); another account's
 * meeting answers 404 like one without a transcript, so its existence does not leak.
 */
@RestController
@Tag(name = "transcripts", description = "Transcripts with speaker names (JSON, WebVTT, SRT, text) and word search")
@SecurityRequirement(name = "bearer")
public class TranscriptsController {

    /** A search of more words reads more index partitions; eight cover any phrase one remembers. */
    static final int MAX_SEARCH_WORDS = 8;
    static final int MAX_HITS = 100;
    /** Rows read per word: the index partition of a common word can be long. */
    static final int ROWS_PER_WORD = 5000;

    /** One segment in the JSON answer. */
    public record Segment(String speaker, String speakerParticipantId, long startMs, long endMs, String text, String recordingId) {
    }

    /** {@code progress} and {@code error} only for a transcript asked for after the fact (QUEUED, RUNNING, READY, FAILED). */
    public record Transcript(String meetingId, Instant meetingStartedAt, String status, Float progress, String error, List<Segment> segments) {
    }

    public record Hit(String meetingId, Instant meetingStartedAt, long startMs, long endMs, String speaker, String text) {
    }

    public record SearchAnswer(String query, List<String> words, List<Hit> hits) {
    }

    private final TranscriptStore store;

    public TranscriptsController(TranscriptStore store) {
        this.store = store;
    }

    @GetMapping({"/api/meetings/{meetingId}/transcript", "/api/data/meetings/{meetingId}/transcript"})
    @Operation(summary = "A meeting's latest transcript, each segment with its speaker's name",
            description = "format: json (default), vtt (WebVTT with <v Speaker> voice spans), srt (\"Speaker: text\") or txt. "
                    + "Offsets are milliseconds since the meeting started. status is LIVE while the meeting runs, READY after; "
                    + "a transcript asked for after the fact is QUEUED, RUNNING (with progress 0..1), READY or FAILED (with error).")
    public ResponseEntity<?> transcript(@Parameter(hidden = true) Caller caller, @PathVariable String meetingId,
                                        @RequestParam(defaultValue = "json") String format) {
        TranscriptFormat wanted;
        try {
            wanted = TranscriptFormat.named(format);
        } catch (IllegalArgumentException e) {
            throw Problems.invalid(e.getMessage());
        }
        TranscriptStore.Run run = store.latestRun(meetingId)
                .filter(r -> r.accountId().equals(caller.accountId()) && (!caller.guest() || meetingId.equals(caller.meetingId())))
                .orElseThrow(() -> Problems.notFound("meeting " + meetingId + " has no transcript"));
        List<TranscriptStore.Line> lines = new ArrayList<>(store.segments(meetingId, run.meetingStartedAt()));
        lines.sort(Comparator.comparingLong(TranscriptStore.Line::startMs).thenComparing(TranscriptStore.Line::segmentId));
        if (wanted == TranscriptFormat.JSON) {
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(new Transcript(meetingId, run.meetingStartedAt(),
                    run.status(), run.progress(), run.error(), lines.stream().map(l -> new Segment(l.speaker(), l.speakerParticipantId(), l.startMs(), l.endMs(),
                            l.text(), l.recordingId())).toList()));
        }
        List<TranscriptCue> cues = lines.stream()
                .map(l -> new TranscriptCue(l.speakerParticipantId(), l.speaker(), l.startMs(), Math.max(l.startMs(), l.endMs()), l.text()))
                .toList();
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(wanted.contentType().contains("charset")
                        ? wanted.contentType() : wanted.contentType() + "; charset=utf-8"))
                .header("Content-Disposition", "inline; filename=\"" + meetingId + "-" + wanted.fileName() + "\"")
                .body(TranscriptDocument.render(wanted, cues));
    }

    @GetMapping({"/api/transcripts/search", "/api/data/transcripts/search"})
    @Operation(summary = "Search the caller's account's transcripts by words",
            description = "Segments in which every word of q was said (words normalized: lower case, accents folded), newest "
                    + "meeting first, then in spoken order; at most 100. Read from an inverted index keyed by (account, word).")
    public SearchAnswer search(@Parameter(hidden = true) Caller caller, @RequestParam String q) {
        Set<String> words = SearchWords.of(q);
        if (words.isEmpty()) {
            throw Problems.invalid("q must contain at least one word, got '" + q + "'");
        }
        if (words.size() > MAX_SEARCH_WORDS) {
            throw Problems.invalid("at most " + MAX_SEARCH_WORDS + " words at once, got " + words.size());
        }
        // The rarest word is not known in advance: each word's partition is read and the segments
        // found under all of them are kept.
        Map<String, TranscriptStore.Hit> found = null;
        for (String word : words) {
            Map<String, TranscriptStore.Hit> these = new LinkedHashMap<>();
            for (TranscriptStore.Hit hit : store.withWord(caller.accountId(), word, ROWS_PER_WORD)) {
                if (!caller.guest() || hit.meetingId().equals(caller.meetingId())) {
                    these.put(hit.segmentId(), hit);
                }
            }
            if (found == null) {
                found = these;
            } else {
                found.keySet().retainAll(these.keySet());
            }
        }
        List<Hit> hits = found.values().stream()
                .sorted(Comparator.comparing(TranscriptStore.Hit::meetingStartedAt).reversed()
                        .thenComparing(TranscriptStore.Hit::meetingId).thenComparingLong(TranscriptStore.Hit::startMs))
                .limit(MAX_HITS)
                .map(h -> new Hit(h.meetingId(), h.meetingStartedAt(), h.startMs(), h.endMs(), h.speaker(), h.text()))
                .toList();
        return new SearchAnswer(q, List.copyOf(words), hits);
    }
}
