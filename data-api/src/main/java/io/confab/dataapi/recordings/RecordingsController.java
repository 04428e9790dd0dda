package io.confab.dataapi.recordings;

import io.confab.dataapi.auth.Caller;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The recordings part of the post-meeting API; the rules are {@link RecordingCatalog}'s. */
@RestController
@Tag(name = "recordings", description = "Cloud recordings: list, files with expiring links, delete, retention")
@SecurityRequirement(name = "bearer")
public class RecordingsController {

    /** A list answer; an object rather than a bare array so fields can be added. */
    public record RecordingList(List<RecordingView> recordings) {
    }

    /** The account's retention policy: recordings older than {@code days} are deleted; null keeps them forever. */
    public record Retention(Integer days) {
    }

    private final RecordingCatalog catalog;

    public RecordingsController(RecordingCatalog catalog) {
        this.catalog = catalog;
    }

    @GetMapping("/api/recordings")
    @Operation(summary = "Recordings of the caller's account, newest first (a guest: of its meeting)")
    public RecordingList list(@Parameter(hidden = true) Caller caller,
                              @RequestParam(defaultValue = "50") int limit) {
        return new RecordingList(catalog.list(caller, limit));
    }

    @GetMapping("/api/meetings/{meetingId}/recordings")
    @Operation(summary = "Recordings of one meeting that the caller may see, newest first")
    public RecordingList ofMeeting(@Parameter(hidden = true) Caller caller, @PathVariable String meetingId) {
        return new RecordingList(catalog.ofMeeting(caller, meetingId));
    }

    @GetMapping("/api/recordings/{recordingId}")
    @Operation(summary = "One recording with every file and an expiring presigned GET URL per file",
            description = "Found by id within the caller's account; meetingId is optional and narrows the lookup "
                    + "(it also finds a recording whose summary row the mixer has not written yet).")
    public RecordingView get(@Parameter(hidden = true) Caller caller, @PathVariable String recordingId,
                             @RequestParam(required = false) String meetingId) {
        return catalog.get(caller, recordingId, meetingId);
    }

    @DeleteMapping("/api/recordings/{recordingId}")
    @Operation(summary = "Delete a recording: its S3 objects, then its rows (account owner or host)")
    public ResponseEntity<Void> delete(@Parameter(hidden = true) Caller caller, @PathVariable String recordingId,
                                       @RequestParam(required = false) String meetingId) {
        catalog.delete(caller, recordingId, meetingId);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/recordings/retention")
    @Operation(summary = "The account's retention policy in days (null: kept forever)")
    public Retention retention(@Parameter(hidden = true) Caller caller) {
        return new Retention(catalog.retentionDays(caller).orElse(null));
    }

    @PutMapping("/api/recordings/retention")
    @Operation(summary = "Set the account's retention policy (account owner); {\"days\": null} keeps recordings forever")
    public Retention setRetention(@Parameter(hidden = true) Caller caller, @RequestBody Retention retention) {
        catalog.setRetentionDays(caller, retention.days());
        return new Retention(catalog.retentionDays(caller).orElse(null));
    }
}
