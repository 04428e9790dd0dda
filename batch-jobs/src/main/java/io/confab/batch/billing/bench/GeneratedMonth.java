package io.confab.batch.billing.bench;

import io.confab.batch.billing.source.MonthSource;
import io.confab.batch.billing.source.SourceRecord;
import io.confab.batch.billing.source.SourceRecordCoder;
import io.confab.storage.events.ArtifactKind;
import io.confab.storage.topics.Topics;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.Reshuffle;
import org.apache.beam.sdk.values.PCollection;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * A month of meetings made up from a seed, as the platform's producers would write them: overlapping
 * meetings of many accounts, some starting the evening before the month or running over midnight,
 * reconnects (a new participant id 30 s later), leaves missing where the meeting's end closes them,
 * meetings without an end, duplicated events, recordings (video, or audio-only) with their files,
 * and final transcript segments after their interim versions. Meeting k is the same in every run, so
 * a test can compute what it should cost from {@link #meeting(int)} without the pipeline's rules, and a
 * benchmark can generate ten million events on the workers without holding them.
 */
public final class GeneratedMonth implements MonthSource {

    /** One presence as the generator meant it: [join, leave); {@code leaveSent} false when only the meeting's end closes it. */
    public record Span(String participantId, String userId, Instant join, Instant leave, boolean leaveSent) implements java.io.Serializable {
    }

    public record Segment(String segmentId, long startOffsetMs, long endOffsetMs) implements java.io.Serializable {
    }

    /** A recording's files: MP4 (absent when audio-only), M4A, thumbnail; all created at {@code filesAt}. */
    public record Recording(String recordingId, boolean audioOnly, long durationMs, long mp4Bytes, long m4aBytes, long thumbnailBytes,
                            Instant filesAt) implements java.io.Serializable {
    }

    public record Meeting(String accountId, String meetingId, Instant start, Instant end, boolean endSent, List<Span> spans,
                          Recording recording, List<Segment> segments, boolean duplicated) implements java.io.Serializable {
    }

    private final YearMonth month;
    private final int meetings;
    private final int accounts;
    private final long seed;
    private final int shards;

    public GeneratedMonth(YearMonth month, int meetings, int accounts, long seed, int shards) {
        this.month = month;
        this.meetings = meetings;
        this.accounts = accounts;
        this.seed = seed;
        this.shards = shards;
    }

    /** About how many meetings make {@code events} events (12 per meeting on average). */
    public static int meetingsFor(long events) {
        return (int) Math.max(1, events / 12);
    }

    public Meeting meeting(int k) {
        Random random = new Random(seed * 1_000_003L + k);
        String account = "acct-" + (k % accounts);
        String meetingId = "m-" + k;
        long monthSeconds = month.lengthOfMonth() * 86_400L;
        Instant monthStart = month.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        // From 12 h before the month: some meetings cross into it, and some cross out of it at the end.
        Instant start = monthStart.minusSeconds(12 * 3600).plusSeconds((long) (random.nextDouble() * monthSeconds));
        long durationS = 600 + random.nextInt(3 * 3600);
        boolean endSent = random.nextInt(10) != 0;
        Instant plannedEnd = start.plusSeconds(durationS);
        List<Span> spans = new ArrayList<>();
        int people = 2 + random.nextInt(5);
        for (int p = 0; p < people; p++) {
            String user = random.nextInt(5) == 0 ? null : "user-" + account + "-" + p;
            Instant join = start.plusSeconds(random.nextInt((int) durationS / 2));
            long stay = 60 + random.nextInt((int) (plannedEnd.getEpochSecond() - join.getEpochSecond() - 59));
            Instant leave = join.plusSeconds(stay);
            boolean leaveSent = !endSent || random.nextInt(10) != 0;
            if (!leaveSent) {
                leave = plannedEnd;
            }
            String pid = meetingId + "-p" + p;
            if (leaveSent && stay > 300 && random.nextInt(8) == 0) {
                // A dropped connection: the same person back 30 s later with a new participant id.
                Instant drop = join.plusSeconds(stay / 2);
                spans.add(new Span(pid, user, join, drop, true));
                spans.add(new Span(pid + "r", user, drop.plusSeconds(30), leave, true));
            } else {
                spans.add(new Span(pid, user, join, leave, leaveSent));
            }
        }
        Instant end = endSent ? plannedEnd : spans.stream().map(Span::leave).max(Instant::compareTo).orElseThrow();
        Recording recording = null;
        List<Segment> segments = new ArrayList<>();
        if (random.nextInt(10) < 3) {
            long durationMs = end.toEpochMilli() - start.toEpochMilli() - random.nextInt(5000);
            recording = new Recording("r-" + k, random.nextInt(3) == 0, durationMs, 1_000_000L + random.nextInt(200_000_000),
                    100_000L + random.nextInt(20_000_000), 10_000L + random.nextInt(50_000), end.plusSeconds(60));
            int count = 1 + random.nextInt(6);
            for (int s = 0; s < count; s++) {
                long from = random.nextInt((int) Math.min(Integer.MAX_VALUE, Math.max(1, durationMs - 10_000)));
                segments.add(new Segment("s-" + k + "-" + s, from, from + 500 + random.nextInt(9000)));
            }
        }
        return new Meeting(account, meetingId, start, end, endSent, spans, recording, segments, random.nextInt(20) == 0);
    }

    /** The records meeting k puts on the topics, duplicates and interim segments included. */
    public List<SourceRecord> records(int k) {
        Meeting m = meeting(k);
        List<SourceRecord> out = new ArrayList<>();
        String e = m.meetingId() + "-e";
        out.add(meetingRecord(UsageEvents.bytes(UsageEvents.started(e + "start", m.accountId(), m.meetingId(), m.start()))));
        for (Span span : m.spans()) {
            byte[] join = UsageEvents.bytes(UsageEvents.joined(e + "j" + span.participantId(), m.accountId(), m.meetingId(), span.join(),
                    span.participantId(), span.userId()));
            out.add(meetingRecord(join));
            if (m.duplicated()) {
                out.add(meetingRecord(join));
            }
            if (span.leaveSent()) {
                out.add(meetingRecord(UsageEvents.bytes(UsageEvents.left(e + "l" + span.participantId(), m.accountId(), m.meetingId(),
                        span.leave(), span.participantId()))));
            }
        }
        if (m.endSent()) {
            out.add(meetingRecord(UsageEvents.bytes(UsageEvents.ended(e + "end", m.accountId(), m.meetingId(), m.end()))));
        }
        Recording r = m.recording();
        if (r != null) {
            if (!r.audioOnly()) {
                out.add(artifactRecord(UsageEvents.bytes(UsageEvents.artifact(m.accountId(), m.meetingId(), r.recordingId(), ArtifactKind.MP4,
                        r.mp4Bytes(), r.durationMs(), r.filesAt()))));
            }
            byte[] m4a = UsageEvents.bytes(UsageEvents.artifact(m.accountId(), m.meetingId(), r.recordingId(), ArtifactKind.M4A,
                    r.m4aBytes(), r.durationMs(), r.filesAt()));
            out.add(artifactRecord(m4a));
            if (m.duplicated()) {
                out.add(artifactRecord(m4a));
            }
            out.add(artifactRecord(UsageEvents.bytes(UsageEvents.artifact(m.accountId(), m.meetingId(), r.recordingId(),
                    ArtifactKind.THUMBNAIL, r.thumbnailBytes(), null, r.filesAt()))));
            for (Segment s : m.segments()) {
                out.add(segmentRecord(UsageEvents.bytes(UsageEvents.segment(s.segmentId(), m.accountId(), m.meetingId(), m.start(),
                        s.startOffsetMs(), s.endOffsetMs() - 200, false))));
                out.add(segmentRecord(UsageEvents.bytes(UsageEvents.segment(s.segmentId(), m.accountId(), m.meetingId(), m.start(),
                        s.startOffsetMs(), s.endOffsetMs(), true))));
            }
        }
        return out;
    }

    private static SourceRecord meetingRecord(byte[] bytes) {
        return new SourceRecord(Topics.MEETING_EVENTS, bytes);
    }

    private static SourceRecord artifactRecord(byte[] bytes) {
        return new SourceRecord(Topics.RECORDING_ARTIFACTS, bytes);
    }

    private static SourceRecord segmentRecord(byte[] bytes) {
        return new SourceRecord(Topics.TRANSCRIPT_SEGMENTS, bytes);
    }

    public int meetings() {
        return meetings;
    }

    @Override
    public long expectedRecords() {
        return -1;
    }

    @Override
    public PCollection<SourceRecord> read(Pipeline pipeline) {
        return pipeline
                .apply("Shards", Create.of(IntStream.range(0, shards).boxed().toList()).withCoder(VarIntCoder.of()))
                .apply("SpreadShards", Reshuffle.viaRandomKey())
                .apply("Generate", ParDo.of(new Generate(this)))
                .setCoder(SourceRecordCoder.of());
    }

    static final class Generate extends DoFn<Integer, SourceRecord> {
        private final GeneratedMonth month;

        Generate(GeneratedMonth month) {
            this.month = month;
        }

        @ProcessElement
        public void process(@Element Integer shard, OutputReceiver<SourceRecord> out) {
            for (int k = shard; k < month.meetings; k += month.shards) {
                month.records(k).forEach(out::output);
            }
        }
    }
}
