package io.confab.batch.warehouse.rows;

import io.confab.batch.billing.source.SourceRecord;
import io.confab.storage.codec.Codecs;
import io.confab.storage.codec.Decoded;
import io.confab.storage.codec.EventCodec;
import io.confab.storage.events.MediaQualitySample;
import io.confab.storage.events.MeetingEvent;
import io.confab.storage.events.RecordingArtifact;
import io.confab.storage.events.TranscriptSegment;
import io.confab.storage.events.UsageRecord;
import io.confab.storage.topics.Topics;
import io.confab.storage.warehouse.WarehouseTable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;

/**
 * The warehouse rows of one group of meetings: every record of those meetings from the five topics,
 * decoded, de-duplicated by identity (Kafka delivers at least once), turned into rows, and kept when
 * their day is in the range. Plain Java, so the export's rules are tested without a runner.
 *
 * <p>Identities: the event id (meeting.events), the sample (meeting, participant, direction, kind,
 * interval start), the record id (usage.records, deterministic per window), the S3 key
 * (recording.artifacts), the segment id of final segments (transcript.segments; interim segments
 * are live captions, replaced by the final one). Duplicates with the same identity carry the same
 * content; the first in a fixed order (by bytes) is kept, so every run keeps the same one.
 */
public final class GroupRows {

    public static final List<String> TOPICS = List.of(Topics.MEETING_EVENTS, Topics.MEDIA_QUALITY, Topics.USAGE_RECORDS,
            Topics.RECORDING_ARTIFACTS, Topics.TRANSCRIPT_SEGMENTS);

    /** Rows in the range, rejected rows in the range, and records whose bytes did not decode (their day is unknown). */
    public record Result(List<TableRow> rows, List<Rejection> rejections, int undecodable) {
    }

    private final DateRange range;
    private final Map<String, MeetingEvent> events = new TreeMap<>();
    private final Map<String, MediaQualitySample> quality = new TreeMap<>();
    private final Map<String, UsageRecord> usage = new TreeMap<>();
    private final Map<String, RecordingArtifact> artifacts = new TreeMap<>();
    private final Map<String, TranscriptSegment> segments = new TreeMap<>();
    private final List<TableRow> rows = new ArrayList<>();
    private final List<Rejection> rejections = new ArrayList<>();
    private int undecodable;

    public GroupRows(DateRange range) {
        this.range = range;
    }

    /** Which group a record goes to: all of a meeting's records together (usage without a meeting by its record id). */
    public static String groupKey(String topic, byte[] value) {
        Object record = decodeOrNull(topic, value);
        if (record instanceof MeetingEvent e) {
            return e.getMeetingId();
        } else if (record instanceof MediaQualitySample s) {
            return s.getMeetingId();
        } else if (record instanceof UsageRecord u) {
            return u.getMeetingId() != null ? u.getMeetingId() : u.getRecordId();
        } else if (record instanceof RecordingArtifact a) {
            return a.getMeetingId();
        } else if (record instanceof TranscriptSegment s) {
            return s.getMeetingId();
        }
        return "";
    }

    public static Result of(DateRange range, Iterable<SourceRecord> records) {
        GroupRows group = new GroupRows(range);
        records.forEach(group::add);
        return group.result();
    }

    public void add(SourceRecord record) {
        switch (record.topic()) {
            case Topics.MEETING_EVENTS -> keep(Codecs.MEETING_EVENTS, record, events, MeetingEvent::getEventId);
            case Topics.MEDIA_QUALITY -> keep(Codecs.MEDIA_QUALITY, record, quality, RecordRows::qualityIdentity);
            case Topics.USAGE_RECORDS -> keep(Codecs.USAGE_RECORDS, record, usage, UsageRecord::getRecordId);
            case Topics.RECORDING_ARTIFACTS -> keep(Codecs.RECORDING_ARTIFACTS, record, artifacts, RecordingArtifact::getS3Key);
            case Topics.TRANSCRIPT_SEGMENTS -> keep(Codecs.TRANSCRIPT_SEGMENTS, record, segments,
                    segment -> segment.getIsFinal() ? segment.getSegmentId() : null);
            default -> throw new IllegalArgumentException("the warehouse export does not read " + record.topic());
        }
    }

    public Result result() {
        Map<String, List<MeetingEvent>> byMeeting = new TreeMap<>();
        for (MeetingEvent event : events.values()) {
            row(WarehouseTable.MEETING_EVENTS, "meeting.events", () -> MeetingEventRows.of(event));
            byMeeting.computeIfAbsent(event.getMeetingId(), id -> new ArrayList<>()).add(event);
        }
        for (List<MeetingEvent> meeting : byMeeting.values()) {
            MeetingRuns.Rows runs = MeetingRuns.of(meeting);
            runs.meetings().forEach(row -> row(WarehouseTable.MEETINGS, "meeting.events", () -> row));
            runs.sessions().forEach(row -> row(WarehouseTable.PARTICIPANT_SESSIONS, "meeting.events", () -> row));
            runs.rejections().stream().filter(r -> range.contains(java.time.LocalDate.parse(r.date()))).forEach(rejections::add);
        }
        quality.values().forEach(sample -> row(WarehouseTable.MEDIA_QUALITY, Topics.MEDIA_QUALITY, () -> RecordRows.quality(sample)));
        usage.values().forEach(record -> row(WarehouseTable.USAGE, Topics.USAGE_RECORDS, () -> RecordRows.usage(record)));
        artifacts.values().forEach(artifact -> row(WarehouseTable.RECORDINGS, Topics.RECORDING_ARTIFACTS, () -> RecordRows.recording(artifact)));
        segments.values().forEach(segment -> row(WarehouseTable.TRANSCRIPTS, Topics.TRANSCRIPT_SEGMENTS, () -> RecordRows.transcript(segment)));
        return new Result(rows, rejections, undecodable);
    }

    /** A row that its schema refuses (a required column without a value) is rejected with Avro's reason, not thrown. */
    private void row(WarehouseTable table, String source, Supplier<? extends SpecificRecord> build) {
        TableRow row;
        try {
            row = TableRow.of(table, build.get());
        } catch (RuntimeException e) {
            // Without a row there is no reliable day; such a row is reported with every run's rejects.
            rejections.add(new Rejection(source, null, table.tableName() + " row refused by its schema: " + e.getMessage()));
            return;
        }
        if (range.contains(row.date())) {
            rows.add(row);
        }
    }

    private <T extends org.apache.avro.specific.SpecificRecord> void keep(EventCodec<T> codec, SourceRecord record, Map<String, T> kept, Function<T, String> identity) {
        Decoded<T> decoded = codec.decode(record.value());
        if (decoded instanceof Decoded.Ok<T> ok) {
            String id = identity.apply(ok.value());
            if (id != null) {
                kept.merge(id, ok.value(), (a, b) -> java.util.Arrays.compareUnsigned(codec.encode(a), codec.encode(b)) <= 0 ? a : b);
            }
        } else {
            undecodable++;
            if (rejections.size() < 1000) {
                rejections.add(new Rejection(record.topic(), null, ((Decoded.Failed<T>) decoded).reason()));
            }
        }
    }

    private static Object decodeOrNull(String topic, byte[] value) {
        EventCodec<?> codec = switch (topic) {
            case Topics.MEETING_EVENTS -> Codecs.MEETING_EVENTS;
            case Topics.MEDIA_QUALITY -> Codecs.MEDIA_QUALITY;
            case Topics.USAGE_RECORDS -> Codecs.USAGE_RECORDS;
            case Topics.RECORDING_ARTIFACTS -> Codecs.RECORDING_ARTIFACTS;
            case Topics.TRANSCRIPT_SEGMENTS -> Codecs.TRANSCRIPT_SEGMENTS;
            default -> null;
        };
        return codec == null ? null : codec.decode(value) instanceof Decoded.Ok<?> ok ? ok.value() : null;
    }
}
