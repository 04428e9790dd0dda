package io.confab.dataapi.recordings;

import io.confab.dataapi.auth.Caller;
import io.confab.dataapi.web.Problems;
import io.confab.storage.s3.S3Layout;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recordings an authenticated caller may see, with expiring links, and their removal.
 *
 * <p>Who sees what: a user sees the recordings of their own account ({@code acct}); a guest only
 * those of the one meeting its token admits to ({@code mtg}), and only that meeting's account's.
 * Anything else is "not found", the same answer as for an id that does not exist, so ids of other
 * accounts leak nothing. Deleting needs an account owner or host; retention is the owner's.
 */
public final class RecordingCatalog {

    private static final Logger LOG = LoggerFactory.getLogger(RecordingCatalog.class);

    public static final int MAX_LIMIT = 500;
    private static final int SWEEP_BATCH = 100;

    private final RecordingStore store;
    private final RecordingObjects objects;
    private final Duration linkTtl;
    private final Clock clock;
    private final Counter links;
    private final Counter deletedByRequest;
    private final Counter deletedByRetention;
    private final Counter sweepFailures;

    public RecordingCatalog(RecordingStore store, RecordingObjects objects, Duration linkTtl, Clock clock, MeterRegistry meters) {
        this.store = store;
        this.objects = objects;
        this.linkTtl = linkTtl;
        this.clock = clock;
        this.links = Counter.builder("confab.data.api.presigned.urls")
                .description("Presigned S3 GET URLs handed out for recording files and posters")
                .baseUnit("urls").register(meters);
        this.deletedByRequest = deleted(meters, "request");
        this.deletedByRetention = deleted(meters, "retention");
        this.sweepFailures = Counter.builder("confab.data.api.retention.sweep.failures")
                .description("Recordings the retention sweep could not delete (retried at the next sweep)")
                .register(meters);
    }

    private static Counter deleted(MeterRegistry meters, String cause) {
        return Counter.builder("confab.data.api.recordings.deleted")
                .description("Recordings deleted with their S3 objects and rows, by cause (a DELETE request or the retention policy)")
                .tag("cause", cause).register(meters);
    }

    /** The caller's recordings, newest first: the account's for a user, the meeting's for a guest. */
    public List<RecordingView> list(Caller caller, int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw Problems.invalid("limit must be between 1 and " + MAX_LIMIT + ", got " + limit);
        }
        if (caller.guest()) {
            return ofMeeting(caller, caller.meetingId()).stream().limit(limit).toList();
        }
        return store.byAccount(caller.accountId(), limit).stream().map(r -> view(r, null)).toList();
    }

    /** The recordings of one meeting that the caller may see, newest first; empty when there are none. */
    public List<RecordingView> ofMeeting(Caller caller, String meetingId) {
        if (caller.guest() && !caller.meetingId().equals(meetingId)) {
            throw Problems.notFound("no meeting " + meetingId + " among those this guest token admits to");
        }
        Map<String, List<RecordingFile>> byRecording = new LinkedHashMap<>();
        for (RecordingFile file : store.filesOfMeeting(meetingId)) {
            if (caller.accountId().equals(file.accountId())) {
                byRecording.computeIfAbsent(file.recordingId(), id -> new ArrayList<>()).add(file);
            }
        }
        List<Recording> recordings = new ArrayList<>();
        for (var entry : byRecording.entrySet()) {
            recordings.add(store.find(caller.accountId(), entry.getKey())
                    .orElseGet(() -> fromFiles(caller.accountId(), meetingId, entry.getKey(), entry.getValue())));
        }
        recordings.sort(Comparator.comparing(Recording::startedAt, Comparator.nullsLast(Comparator.reverseOrder())));
        return recordings.stream().map(r -> view(r, null)).toList();
    }

    /** One recording with every file and a presigned link for each. */
    public RecordingView get(Caller caller, String recordingId, String meetingId) {
        Located located = locate(caller, recordingId, meetingId);
        return view(located.recording, located.files);
    }

    /** A recording the caller may see, with its files: what a transcription request is built from. */
    public record Stored(Recording recording, List<RecordingFile> files) {
    }

    public Stored stored(Caller caller, String recordingId, String meetingId) {
        Located located = locate(caller, recordingId, meetingId);
        return new Stored(located.recording, located.files);
    }

    /** Deletes a recording's S3 objects and then its rows. */
    public void delete(Caller caller, String recordingId, String meetingId) {
        Located located = locate(caller, recordingId, meetingId);
        if (!caller.managesRecordings()) {
            throw Problems.forbidden("only an account owner or host may delete recordings; this token's role is " + caller.role());
        }
        remove(located.recording, located.files, located.hasAccountRow);
        deletedByRequest.increment();
        LOG.info("recording {} of meeting {} deleted by {}", recordingId, located.recording.meetingId(), caller.subject());
    }

    public Optional<Integer> retentionDays(Caller caller) {
        if (caller.guest()) {
            throw Problems.forbidden("a guest token cannot read the account's retention policy; sign in");
        }
        return store.retentionDays(caller.accountId());
    }

    /** Sets ({@code days} > 0) or clears ({@code null}) the account's retention policy. */
    public void setRetentionDays(Caller caller, Integer days) {
        if (!caller.ownsAccount()) {
            throw Problems.forbidden("only the account owner may change the retention policy; this token's role is " + caller.role());
        }
        if (days == null) {
            store.clearRetention(caller.accountId());
        } else if (days < 1 || days > 36500) {
            throw Problems.invalid("days must be between 1 and 36500 (or null to keep recordings forever), got " + days);
        } else {
            store.setRetentionDays(caller.accountId(), days, caller.subject(), clock.instant());
        }
    }

    /**
     * Deletes every recording that started more than its account's retention ago. A failure on one
     * recording is counted and logged and does not stop the others; the next sweep retries it.
     *
     * @return how many recordings were deleted
     */
    public int sweep() {
        Instant now = clock.instant();
        int deleted = 0;
        for (var policy : store.retentionPolicies().entrySet()) {
            Instant cutoff = now.minus(Duration.ofDays(policy.getValue()));
            List<Recording> old;
            int failedHere = 0;
            do {
                old = store.startedBefore(policy.getKey(), cutoff, SWEEP_BATCH);
                for (Recording recording : old) {
                    try {
                        remove(recording, store.files(recording.meetingId(), recording.recordingId()), true);
                        deletedByRetention.increment();
                        deleted++;
                    } catch (RuntimeException e) {
                        sweepFailures.increment();
                        failedHere++;
                        LOG.warn("retention: cannot delete recording {} of account {}: {}", recording.recordingId(),
                                recording.accountId(), e.toString());
                    }
                }
            } while (old.size() == SWEEP_BATCH && failedHere == 0);
        }
        return deleted;
    }

    private record Located(Recording recording, List<RecordingFile> files, boolean hasAccountRow) {
    }

    /** The recording if the caller may see it, else 404 with the same words whether it exists or not. */
    private Located locate(Caller caller, String recordingId, String meetingId) {
        String meeting = meetingId;
        if (caller.guest()) {
            if (meeting != null && !meeting.equals(caller.meetingId())) {
                throw notFound(recordingId);
            }
            meeting = caller.meetingId();
        }
        Optional<Recording> row = store.find(caller.accountId(), recordingId);
        if (row.isPresent()) {
            Recording recording = row.get();
            if (meeting != null && !meeting.equals(recording.meetingId())) {
                throw notFound(recordingId);
            }
            return new Located(recording, ownFiles(caller, store.files(recording.meetingId(), recordingId)), true);
        }
        // Files without an account row: the mixer has written files but not yet its summary row.
        if (meeting != null) {
            List<RecordingFile> files = ownFiles(caller, store.files(meeting, recordingId));
            if (!files.isEmpty()) {
                return new Located(fromFiles(caller.accountId(), meeting, recordingId, files), files, false);
            }
        }
        throw notFound(recordingId);
    }

    private static List<RecordingFile> ownFiles(Caller caller, List<RecordingFile> files) {
        return files.stream().filter(f -> caller.accountId().equals(f.accountId())).toList();
    }

    private static RuntimeException notFound(String recordingId) {
        return Problems.notFound("no recording " + recordingId + " that this token may see");
    }

    private void remove(Recording recording, List<RecordingFile> files, boolean hasAccountRow) {
        for (RecordingFile file : files) {
            objects.delete(bucketOf(file), file.s3Key());
        }
        // Anything else under the recording's prefix (segments of an unfinished recording, say).
        objects.deletePrefix(objects.bucket(),
                S3Layout.recordingPrefix(recording.accountId(), recording.meetingId(), recording.recordingId()));
        if (hasAccountRow) {
            store.delete(recording.accountId(), recording.startedAt(), recording.recordingId(), recording.meetingId());
        } else {
            store.deleteFiles(recording.meetingId(), recording.recordingId());
        }
    }

    private String bucketOf(RecordingFile file) {
        return file.s3Bucket() == null || file.s3Bucket().isBlank() ? objects.bucket() : file.s3Bucket();
    }

    private static Recording fromFiles(String accountId, String meetingId, String recordingId, List<RecordingFile> files) {
        Instant created = files.stream().map(RecordingFile::createdAt).filter(Objects::nonNull).min(Comparator.naturalOrder()).orElse(null);
        Long duration = files.stream().filter(f -> f.kind().equals("mp4") || f.kind().equals("m4a"))
                .map(RecordingFile::durationMs).filter(Objects::nonNull).findFirst().orElse(null);
        boolean audioOnly = files.stream().noneMatch(f -> f.kind().equals("mp4"));
        String poster = files.stream().filter(f -> f.kind().equals("poster")).map(RecordingFile::s3Key).findFirst().orElse(null);
        boolean playable = files.stream().anyMatch(f -> f.kind().equals("mp4") || f.kind().equals("m4a"));
        return new Recording(accountId, created, recordingId, meetingId, null, duration, playable ? "READY" : "RECORDING",
                audioOnly, List.of(), poster);
    }

    private RecordingView view(Recording recording, List<RecordingFile> files) {
        Instant expires = clock.instant().plus(linkTtl);
        String poster = recording.posterS3Key() == null ? null : link(objects.bucket(), recording.posterS3Key());
        List<RecordingView.FileView> fileViews = files == null ? null : files.stream()
                .sorted(Comparator.comparing((RecordingFile f) -> kindOrder(f.kind())).thenComparing(RecordingFile::s3Key))
                .map(f -> new RecordingView.FileView(f.kind(), f.fileName(), f.contentType(), f.sizeBytes(), f.durationMs(),
                        f.createdAt(), link(bucketOf(f), f.s3Key()), expires))
                .toList();
        Long seconds = recording.durationMs() == null ? null : Math.round(recording.durationMs() / 1000.0);
        return new RecordingView(recording.recordingId(), recording.meetingId(), recording.status(), recording.startedAt(),
                recording.endedAt(), recording.durationMs(), seconds, recording.audioOnly(), recording.participants(),
                poster, fileViews);
    }

    private static int kindOrder(String kind) {
        int index = RecordingFile.KINDS.indexOf(kind);
        return index < 0 ? Integer.MAX_VALUE : index;
    }

    private String link(String bucket, String key) {
        links.increment();
        return objects.presignGet(bucket, key, linkTtl).toString();
    }
}
