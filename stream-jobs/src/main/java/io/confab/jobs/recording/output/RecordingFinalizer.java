package io.confab.jobs.recording.output;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.confab.jobs.recording.Participant;
import io.confab.jobs.recording.RecordingWindow;
import io.confab.jobs.recording.TimelineEntry;
import io.confab.storage.events.ArtifactKind;
import io.confab.storage.events.RecordingArtifact;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a stopped recording's segments into its files: one MP4 (H.264 + the mixed AAC), one M4A
 * (the mixed audio), one M4A per participant (their own audio on the meeting's timeline), the chat
 * log as text and JSON, and the timeline as JSON. The segments are read back from S3 one at a time
 * (a task manager that died keeps nothing on its disk that matters) and every output is muxed in
 * the same pass. Then the files' rows go to Cassandra and the segments are deleted; the returned
 * artifacts are published by the caller.
 *
 * <p>Every key is fixed by the recording, so finalizing again after a crash in the middle writes
 * the same objects again.
 */
public final class RecordingFinalizer {

    private static final Logger LOG = LoggerFactory.getLogger(RecordingFinalizer.class);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    /** The recording's own data cannot become files (no segment at all, or segments that do not parse). */
    public static final class UnfinishableRecording extends IOException {
        public UnfinishableRecording(String message) {
            super(message);
        }
    }

    private final RecordingStore store;
    private final Path scratch;

    public RecordingFinalizer(RecordingStore store) {
        this(store, Path.of(System.getProperty("java.io.tmpdir")));
    }

    public RecordingFinalizer(RecordingStore store, Path scratch) {
        this.store = store;
        this.scratch = scratch;
    }

    public String posterKey(RecordingWindow recording) {
        return recording.posterAtMs == null ? null : RecordingFiles.key(recording, RecordingFiles.POSTER);
    }

    public List<RecordingArtifact> finalize(RecordingWindow recording) throws IOException {
        if (recording.completedSegments == 0) {
            throw new UnfinishableRecording("recording " + recording.recordingId + " has no media segment");
        }
        Path dir = Files.createTempDirectory(Files.createDirectories(scratch), "recording-" + recording.recordingId + "-");
        List<RecordingArtifact> artifacts = new ArrayList<>();
        long now = System.currentTimeMillis();
        try {
            Muxed muxed = mux(recording, dir);
            long duration = recording.durationMs();
            if (muxed.mp4 != null) {
                artifacts.add(upload(recording, muxed.mp4, RecordingFiles.MP4, ArtifactKind.MP4, "mp4", "video/mp4", duration, null, null, now));
            }
            artifacts.add(upload(recording, muxed.m4a, RecordingFiles.M4A, ArtifactKind.M4A, "m4a", "audio/mp4", duration, null, null, now));
            for (Map.Entry<String, Path> track : muxed.tracks.entrySet()) {
                artifacts.add(upload(recording, track.getValue(), RecordingFiles.track(track.getKey()), ArtifactKind.TRACK, "track",
                        "audio/mp4", duration, track.getKey(), null, now));
            }
            // "text/plain" without parameters: S3Proxy refuses the signature of a content type with "; charset".
            artifacts.add(uploadBytes(recording, chatText(recording).getBytes(StandardCharsets.UTF_8), RecordingFiles.CHAT_TEXT,
                    ArtifactKind.CHAT_LOG, "chat", "text/plain", now));
            artifacts.add(uploadBytes(recording, JSON.writeValueAsBytes(chatJson(recording)), RecordingFiles.CHAT_JSON,
                    ArtifactKind.CHAT_JSON, "chat-json", "application/json", now));
            // Thumbnails and the poster were uploaded while recording; now they get their rows.
            if (recording.posterAtMs != null) {
                artifacts.add(existing(recording, RecordingFiles.POSTER, ArtifactKind.POSTER, "poster", "image/jpeg", recording.posterAtMs, now));
            }
            for (long offset : recording.thumbnails) {
                artifacts.add(existing(recording, RecordingFiles.thumbnail(offset), ArtifactKind.THUMBNAIL, "thumbnail", "image/jpeg", offset, now));
            }
            // The timeline is published last, after every other file of the recording: a consumer
            // that sees it knows the recording is complete (webhooks and the demo rely on this).
            artifacts.add(uploadBytes(recording, JSON.writeValueAsBytes(timelineJson(recording)), RecordingFiles.TIMELINE,
                    ArtifactKind.TIMELINE, "timeline", "application/json", now));
            List<String> segments = new ArrayList<>();
            for (int i = 0; i < recording.completedSegments; i++) {
                segments.add(RecordingFiles.key(recording, RecordingFiles.segment(i)));
            }
            store.delete(segments);
            return artifacts;
        } finally {
            deleteTree(dir);
        }
    }

    private record Muxed(Path mp4, Path m4a, Map<String, Path> tracks) { }

    private Muxed mux(RecordingWindow recording, Path dir) throws IOException {
        Path mp4Path = dir.resolve(RecordingFiles.MP4);
        Path m4aPath = dir.resolve(RecordingFiles.M4A);
        Mp4Writer mp4 = null;
        Mp4Writer m4a = null;
        Map<String, Mp4Writer> tracks = new LinkedHashMap<>();
        Map<String, Path> trackPaths = new LinkedHashMap<>();
        try {
            for (int i = 0; i < recording.completedSegments; i++) {
                SegmentFile segment;
                try {
                    segment = SegmentFile.parse(store.get(RecordingFiles.key(recording, RecordingFiles.segment(i))));
                } catch (IOException e) {
                    if (e.getMessage() != null && e.getMessage().startsWith("S3")) {
                        throw e;
                    }
                    throw new UnfinishableRecording("segment " + i + " of recording " + recording.recordingId + " is unreadable: " + e.getMessage());
                }
                Map<String, StreamFormat> formats = new LinkedHashMap<>();
                segment.streams().forEach(s -> formats.put(s.name(), s));
                if (m4a == null && formats.containsKey(StreamFormat.MIX)) {
                    m4a = new Mp4Writer(m4aPath, "ipod", List.of(formats.get(StreamFormat.MIX)));
                    if (formats.containsKey(StreamFormat.VIDEO)) {
                        mp4 = new Mp4Writer(mp4Path, "mp4", List.of(formats.get(StreamFormat.VIDEO), formats.get(StreamFormat.MIX)));
                    }
                }
                for (StreamFormat format : segment.streams()) {
                    if (format.name().startsWith(StreamFormat.TRACK_PREFIX) && !tracks.containsKey(format.name())) {
                        String participant = format.name().substring(StreamFormat.TRACK_PREFIX.length());
                        Path path = dir.resolve(RecordingFiles.track(participant));
                        tracks.put(format.name(), new Mp4Writer(path, "ipod", List.of(format)));
                        trackPaths.put(participant, path);
                    }
                }
                for (SegmentPacket packet : segment.packets()) {
                    if (mp4 != null) {
                        mp4.write(packet);
                    }
                    if (m4a != null) {
                        m4a.write(packet);
                    }
                    Mp4Writer track = tracks.get(packet.stream());
                    if (track != null) {
                        track.write(packet);
                    }
                }
            }
            if (m4a == null) {
                throw new UnfinishableRecording("recording " + recording.recordingId + " has no mixed audio stream");
            }
            if (mp4 != null) {
                mp4.finish();
                if (mp4.droppedOutOfOrder() > 0) {
                    LOG.info("recording {}: {} packet(s) of an encoder restarted after a crash overlapped and were dropped",
                            recording.recordingId, mp4.droppedOutOfOrder());
                }
            }
            m4a.finish();
            for (Mp4Writer track : tracks.values()) {
                track.finish();
            }
            return new Muxed(mp4 == null ? null : mp4Path, m4aPath, trackPaths);
        } finally {
            if (mp4 != null) {
                mp4.close();
            }
            if (m4a != null) {
                m4a.close();
            }
            tracks.values().forEach(Mp4Writer::close);
        }
    }

    private RecordingArtifact upload(RecordingWindow r, Path file, String name, ArtifactKind kind, String kindName, String contentType,
                                     Long durationMs, String participantId, Long offsetMs, long now) throws IOException {
        String key = RecordingFiles.key(r, name);
        store.put(key, file, contentType);
        return row(r, key, kind, kindName, Files.size(file), durationMs, contentType, participantId, offsetMs, now);
    }

    private RecordingArtifact uploadBytes(RecordingWindow r, byte[] bytes, String name, ArtifactKind kind, String kindName,
                                          String contentType, long now) throws IOException {
        String key = RecordingFiles.key(r, name);
        store.put(key, bytes, contentType);
        return row(r, key, kind, kindName, bytes.length, null, contentType, null, null, now);
    }

    private RecordingArtifact existing(RecordingWindow r, String name, ArtifactKind kind, String kindName, String contentType,
                                       long offsetMs, long now) throws IOException {
        String key = RecordingFiles.key(r, name);
        return row(r, key, kind, kindName, store.size(key), null, contentType, null, offsetMs, now);
    }

    private RecordingArtifact row(RecordingWindow r, String key, ArtifactKind kind, String kindName, long size, Long durationMs,
                                  String contentType, String participantId, Long offsetMs, long now) {
        store.fileRow(r, kindName, key, size, durationMs, contentType, now);
        return RecordingArtifact.newBuilder()
                .setAccountId(r.accountId)
                .setMeetingId(r.meetingId)
                .setRecordingId(r.recordingId)
                .setKind(kind)
                .setS3Bucket(store.bucket())
                .setS3Key(key)
                .setSizeBytes(size)
                .setDurationMs(durationMs)
                .setContentType(contentType)
                .setCreatedAt(Instant.ofEpochMilli(now))
                .setParticipantId(participantId)
                .setOffsetMs(offsetMs)
                .build();
    }

    /** "[00:01:23] Alice: hello", time from the recording's start; private messages are marked. */
    static String chatText(RecordingWindow r) {
        StringBuilder text = new StringBuilder("Chat of " + (r.topic == null ? "meeting " + r.meetingId : "\"" + r.topic + "\"")
                + ", recorded " + Instant.ofEpochMilli(r.startedAtMs) + " (times from the start of the recording)\n\n");
        for (TimelineEntry e : r.entries) {
            if (e.type() == TimelineEntry.Type.CHAT) {
                text.append('[').append(CLOCK.format(Instant.ofEpochMilli(Math.max(0, e.atMs() - r.startedAtMs)))).append("] ")
                        .append(e.name()).append(e.detail() == null ? "" : " (privately)").append(": ").append(e.text()).append('\n');
            }
        }
        return text.toString();
    }

    static List<Map<String, Object>> chatJson(RecordingWindow r) {
        List<Map<String, Object>> messages = new ArrayList<>();
        for (TimelineEntry e : r.entries) {
            if (e.type() == TimelineEntry.Type.CHAT) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("offsetMs", e.atMs() - r.startedAtMs);
                m.put("at", Instant.ofEpochMilli(e.atMs()).toString());
                m.put("from", e.participantId());
                m.put("fromName", e.name());
                m.put("to", e.detail());
                m.put("text", e.text());
                messages.add(m);
            }
        }
        return messages;
    }

    static Map<String, Object> timelineJson(RecordingWindow r) {
        Map<String, Object> timeline = new LinkedHashMap<>();
        timeline.put("recordingId", r.recordingId);
        timeline.put("meetingId", r.meetingId);
        timeline.put("startedAt", Instant.ofEpochMilli(r.startedAtMs).toString());
        timeline.put("stoppedAt", r.stoppedAtMs == null ? null : Instant.ofEpochMilli(r.stoppedAtMs).toString());
        timeline.put("durationMs", r.durationMs());
        timeline.put("stopReason", r.stopReason);
        List<Map<String, Object>> present = new ArrayList<>();
        for (Participant p : r.initialParticipants) {
            present.add(Map.of("participantId", p.id(), "name", p.name()));
        }
        timeline.put("participantsAtStart", present);
        List<Map<String, Object>> entries = new ArrayList<>();
        for (TimelineEntry e : r.entries) {
            if (e.type() == TimelineEntry.Type.CHAT) {
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("offsetMs", e.atMs() - r.startedAtMs);
            m.put("type", e.type().name().toLowerCase(java.util.Locale.ROOT));
            m.put("participantId", e.participantId());
            if (e.name() != null) {
                m.put("name", e.name());
            }
            if (e.detail() != null) {
                m.put("kind", e.detail().toLowerCase(java.util.Locale.ROOT));
            }
            entries.add(m);
        }
        timeline.put("events", entries);
        return timeline;
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("cannot clean {}: {}", dir, e.getMessage());
        }
    }
}
