package io.confab.dataapi.transcripts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.confab.dataapi.auth.Caller;
import io.confab.dataapi.recordings.RecordingCatalog;
import io.confab.dataapi.recordings.RecordingFile;
import io.confab.dataapi.recordings.RecordingObjects;
import io.confab.dataapi.web.Problems;
import io.confab.storage.events.TranscriptionAudio;
import io.confab.storage.events.TranscriptionRequest;
import io.confab.storage.events.TranscriptionSource;
import io.confab.storage.s3.S3Layout;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Transcripts asked for after the fact: of a recording made without transcription (each
 * participant's own track under their name), or of an uploaded audio file (one shared channel,
 * diarized into Speaker 1..N). The request goes on transcription.requests for the transcription job;
 * the answer is 202 with where to follow it ({@code GET /api/meetings/{id}/transcript}: QUEUED,
 * RUNNING with its progress, READY, or FAILED with the error).
 */
@RestController
@Tag(name = "transcripts")
@SecurityRequirement(name = "bearer")
public class TranscribeController {
    private static final Logger LOG = LoggerFactory.getLogger(TranscribeController.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Four hours of 128 kb/s audio; a longer file is refused before it is stored. */
    static final long MAX_UPLOAD_BYTES = 256L << 20;
    static final int MAX_SPEAKERS = 20;

    /** The answer to a request: what was queued and where to follow it. */
    public record Queued(String meetingId, String recordingId, String requestId, String status, String source, int audioFiles,
                         boolean diarized, String transcriptUrl) {
    }

    private final RecordingCatalog catalog;
    private final RecordingObjects objects;
    private final TranscriptStore transcripts;
    private final TranscriptionRequests requests;
    private final Clock clock;

    public TranscribeController(RecordingCatalog catalog, RecordingObjects objects, TranscriptStore transcripts,
                                TranscriptionRequests requests, Clock clock) {
        this.catalog = catalog;
        this.objects = objects;
        this.transcripts = transcripts;
        this.requests = requests;
        this.clock = clock;
    }

    @PostMapping("/api/recordings/{recordingId}/transcript")
    @Operation(summary = "Transcribe a stored recording (account owner or host)",
            description = "Each participant's own audio track is transcribed under their name, on the recording's timeline; a "
                    + "recording without tracks is transcribed from its M4A and diarized into Speaker 1..N. 202 with the "
                    + "transcript's URL; follow its status there. A recording still RECORDING or FAILED answers 409.")
    public ResponseEntity<Queued> transcribeRecording(@Parameter(hidden = true) Caller caller, @PathVariable String recordingId,
                                                      @RequestParam(required = false) String meetingId,
                                                      @RequestParam(defaultValue = "6") int speakers) {
        mayAsk(caller, "transcribe recordings");
        checkSpeakers(speakers);
        RecordingCatalog.Stored stored = catalog.stored(caller, recordingId, meetingId);
        if (!"READY".equals(stored.recording().status())) {
            throw Problems.problem(HttpStatus.CONFLICT, "NOT_READY", "recording " + recordingId + " is " + stored.recording().status()
                    + ": it can be transcribed once it is READY");
        }
        Map<String, String> names = participantNames(stored.files());
        List<TranscriptionAudio> audio = new ArrayList<>();
        for (RecordingFile file : stored.files()) {
            if (file.kind().equals("track")) {
                String participant = participantOfTrack(file.fileName());
                audio.add(TranscriptionAudio.newBuilder().setS3Bucket(bucketOf(file)).setS3Key(file.s3Key()).setParticipantId(participant)
                        .setSpeakerName(names.getOrDefault(participant, participant)).setOffsetMs(0).build());
            }
        }
        boolean diarize = audio.isEmpty();
        if (diarize) {
            RecordingFile m4a = stored.files().stream().filter(f -> f.kind().equals("m4a")).findFirst()
                    .orElseThrow(() -> Problems.problem(HttpStatus.CONFLICT, "NO_AUDIO", "recording " + recordingId
                            + " has neither participant tracks nor an M4A to transcribe"));
            audio.add(TranscriptionAudio.newBuilder().setS3Bucket(bucketOf(m4a)).setS3Key(m4a.s3Key()).setOffsetMs(0).build());
        }
        String meeting = stored.recording().meetingId();
        return queue(caller, meeting, recordingId, stored.recording().startedAt(), TranscriptionSource.RECORDING, audio, diarize,
                speakers, null);
    }

    @PostMapping("/api/transcripts/uploads")
    @Operation(summary = "Transcribe an uploaded audio file, diarized into Speaker 1..N",
            description = "The request body is the file itself (any format FFmpeg reads: WAV, M4A, MP3, Ogg, WebM...), at most "
                    + "256 MiB; name is its file name. The transcript belongs to a meeting id of its own, upload-{id}, and is "
                    + "searchable with the account's other transcripts. 202 with the transcript's URL.")
    public ResponseEntity<Queued> transcribeUpload(@Parameter(hidden = true) Caller caller, HttpServletRequest http,
                                                   @RequestParam String name,
                                                   @RequestParam(defaultValue = "6") int speakers) throws IOException {
        mayAsk(caller, "upload audio for transcription");
        checkSpeakers(speakers);
        String fileName = fileName(name);
        String uploadId = UUID.randomUUID().toString();
        String meetingId = "upload-" + uploadId;
        String key = S3Layout.recording(caller.accountId(), meetingId, uploadId, fileName);
        Path file = Files.createTempFile("confab-upload-", "-" + fileName);
        try {
            long size = copyAtMost(http.getInputStream(), file, MAX_UPLOAD_BYTES);
            if (size == 0) {
                throw Problems.invalid("the request body is empty: send the audio file itself as the body");
            }
            String type = http.getContentType() == null ? "application/octet-stream" : http.getContentType();
            objects.put(objects.bucket(), key, file, type);
        } finally {
            Files.deleteIfExists(file);
        }
        TranscriptionAudio audio = TranscriptionAudio.newBuilder().setS3Bucket(objects.bucket()).setS3Key(key).setOffsetMs(0).build();
        return queue(caller, meetingId, uploadId, clock.instant(), TranscriptionSource.UPLOAD, List.of(audio), true, speakers, fileName);
    }

    private ResponseEntity<Queued> queue(Caller caller, String meetingId, String folder, Instant origin, TranscriptionSource source,
                                         List<TranscriptionAudio> audio, boolean diarize, int speakers, String title) {
        String requestId = UUID.randomUUID().toString();
        TranscriptionRequest request = TranscriptionRequest.newBuilder()
                .setRequestId(requestId).setAccountId(caller.accountId()).setMeetingId(meetingId).setRecordingId(folder)
                .setOrigin(origin).setSource(source).setAudio(audio).setDiarize(diarize).setMaxSpeakers(speakers)
                .setRequestedBy(caller.subject()).setTitle(title).setRequestedAt(clock.instant())
                .build();
        transcripts.queued(meetingId, origin, caller.accountId(), folder);
        try {
            requests.publish(request);
        } catch (IllegalStateException e) {
            transcripts.failed(meetingId, origin, "the request could not be queued: " + e.getMessage() + "; ask again");
            throw Problems.unavailable("the transcription request could not be queued, try again later: " + e.getMessage());
        }
        LOG.info("transcription of {} {} queued by {}: {} audio file(s){}", source.name().toLowerCase(java.util.Locale.ROOT), meetingId,
                caller.subject(), audio.size(), diarize ? ", diarized" : "");
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(new Queued(meetingId, folder, requestId, "QUEUED",
                source.name(), audio.size(), diarize, "/api/meetings/" + meetingId + "/transcript"));
    }

    private static void mayAsk(Caller caller, String what) {
        if (caller.guest() || !caller.managesRecordings()) {
            throw Problems.forbidden("only an account owner or host may " + what + "; this token's role is " + caller.role());
        }
    }

    private static void checkSpeakers(int speakers) {
        if (speakers < 1 || speakers > MAX_SPEAKERS) {
            throw Problems.invalid("speakers must be between 1 and " + MAX_SPEAKERS + ", got " + speakers);
        }
    }

    private String bucketOf(RecordingFile file) {
        return file.s3Bucket() == null ? objects.bucket() : file.s3Bucket();
    }

    /** {@code track-p-7.m4a} is participant {@code p-7}'s track (the mixer's naming). */
    static String participantOfTrack(String fileName) {
        String stem = fileName.endsWith(".m4a") ? fileName.substring(0, fileName.length() - 4) : fileName;
        return stem.startsWith("track-") ? stem.substring("track-".length()) : stem;
    }

    /** Participant id to display name, from the recording's timeline (who was there at the start, who joined). */
    private Map<String, String> participantNames(List<RecordingFile> files) {
        Map<String, String> names = new LinkedHashMap<>();
        for (RecordingFile file : files) {
            if (!file.kind().equals("timeline")) {
                continue;
            }
            objects.read(bucketOf(file), file.s3Key()).ifPresent(bytes -> {
                try {
                    JsonNode timeline = JSON.readTree(bytes);
                    timeline.path("participantsAtStart").forEach(p -> names.put(p.path("participantId").asText(), p.path("name").asText()));
                    timeline.path("entries").forEach(e -> {
                        if (e.hasNonNull("name") && e.hasNonNull("participantId")) {
                            names.putIfAbsent(e.path("participantId").asText(), e.path("name").asText());
                        }
                    });
                } catch (IOException e) {
                    LOG.warn("timeline {} is not JSON ({}); tracks are named by participant id", file.s3Key(), e.getMessage());
                }
            });
        }
        return names;
    }

    /** The upload's file name as an S3 key segment: letters, digits, dot, dash and underscore. */
    static String fileName(String name) {
        String base = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1).replaceAll("[^A-Za-z0-9._-]", "_");
        if (base.isEmpty() || base.chars().allMatch(c -> c == '.') || base.length() > 120) {
            throw Problems.invalid("name must be the file's name (1-120 characters, not only dots), got '" + name + "'");
        }
        return base;
    }

    private static long copyAtMost(InputStream in, Path to, long max) throws IOException {
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(to)) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                total += n;
                if (total > max) {
                    throw Problems.problem(HttpStatus.PAYLOAD_TOO_LARGE, "TOO_LARGE", "the file is over " + (max >> 20)
                            + " MiB; split it or compress it (e.g. to Opus or M4A) and upload again");
                }
                out.write(buffer, 0, n);
            }
        }
        return total;
    }
}
