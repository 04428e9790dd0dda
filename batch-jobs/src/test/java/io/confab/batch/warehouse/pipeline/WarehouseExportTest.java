package io.confab.batch.warehouse.pipeline;

import io.confab.batch.billing.bench.UsageEvents;
import io.confab.batch.billing.source.MonthSource;
import io.confab.batch.billing.source.SourceRecord;
import io.confab.batch.billing.source.SourceRecordCoder;
import io.confab.batch.runner.Engine;
import io.confab.batch.warehouse.rows.DateRange;
import io.confab.batch.warehouse.store.DirectoryWarehouseStore;
import io.confab.storage.codec.Codecs;
import io.confab.storage.events.ArtifactKind;
import io.confab.storage.events.MediaDirection;
import io.confab.storage.events.MediaKind;
import io.confab.storage.events.MediaQualitySample;
import io.confab.storage.events.MeetingEvent;
import io.confab.storage.events.UsageMetric;
import io.confab.storage.events.UsageRecord;
import io.confab.storage.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The export on the DirectRunner (its checks on) over hand-made records of every topic, into a
 * directory; the Parquet read back by DuckDB, which shares no code with the writer.
 */
class WarehouseExportTest {

    private static final LocalDate DAY = LocalDate.parse("2026-11-10");
    private static final Instant T = Instant.parse("2026-11-10T09:00:00Z");
    private static final Instant LATE = Instant.parse("2026-11-10T23:30:00Z");

    @TempDir
    Path dir;

    /** Records as a bounded source, as KafkaMonthSource gives them. */
    record ListSource(List<SourceRecord> records) implements MonthSource {
        @Override
        public PCollection<SourceRecord> read(Pipeline pipeline) {
            return pipeline.apply(Create.of(records).withCoder(SourceRecordCoder.of()));
        }

        @Override
        public long expectedRecords() {
            return records.size();
        }
    }

    private static List<SourceRecord> records() {
        List<SourceRecord> records = new ArrayList<>();
        List<MeetingEvent> events = List.of(
                UsageEvents.started("e1", "acct", "m1", T),
                UsageEvents.joined("e2", "acct", "m1", T, "p1", "u1"),
                UsageEvents.joined("e2", "acct", "m1", T, "p1", "u1"),                         // delivered twice
                UsageEvents.joined("e3", "acct", "m1", T.plusSeconds(60), "p2", null),
                UsageEvents.left("e4", "acct", "m1", T.plusSeconds(600), "p2"),
                UsageEvents.left("e5", "acct", "m1", T.plusSeconds(1200), "p1"),
                UsageEvents.ended("e6", "acct", "m1", T.plusSeconds(1200)),
                UsageEvents.left("e7", "acct", "m1", T.plusSeconds(1300), "ghost"),          // no Joined: rejected
                // Over midnight: the meeting and the session belong to the day they began.
                UsageEvents.started("f1", "acct", "m2", LATE),
                UsageEvents.joined("f2", "acct", "m2", LATE, "q1", "u1"),
                UsageEvents.left("f3", "acct", "m2", LATE.plusSeconds(3600), "q1"),
                UsageEvents.ended("f4", "acct", "m2", LATE.plusSeconds(3600)));
        events.forEach(event -> records.add(new SourceRecord(Topics.MEETING_EVENTS, UsageEvents.bytes(event))));
        for (int i = 0; i < 3; i++) {
            records.add(new SourceRecord(Topics.MEDIA_QUALITY, Codecs.MEDIA_QUALITY.encode(MediaQualitySample.newBuilder()
                    .setMeetingId("m1").setAccountId("acct").setParticipantId("p1").setDirection(MediaDirection.UPSTREAM)
                    .setKind(MediaKind.AUDIO).setIntervalStart(T.plusSeconds(5L * i)).setIntervalEnd(T.plusSeconds(5L * i + 5))
                    .setPackets(250).setPacketsLost(i).setFractionLost(i / 250f).setJitterMs(3.0 + i).setRttMs(null).setBitrateKbps(32)
                    .build())));
        }
        records.add(new SourceRecord(Topics.MEDIA_QUALITY, Codecs.MEDIA_QUALITY.encode(MediaQualitySample.newBuilder()
                .setMeetingId("m1").setAccountId("acct").setParticipantId("p1").setDirection(MediaDirection.UPSTREAM)
                .setKind(MediaKind.VIDEO).setIntervalStart(T).setIntervalEnd(T.plusSeconds(5))
                .setPackets(900).setPacketsLost(9).setFractionLost(0.01f).setJitterMs(8.0).setRttMs(40.0).setBitrateKbps(900)
                .build())));
        byte[] usage = Codecs.USAGE_RECORDS.encode(UsageRecord.newBuilder().setRecordId("r1").setAccountId("acct").setMeetingId("m1")
                .setParticipantId("p1").setMetric(UsageMetric.PARTICIPANT_MINUTES).setQuantity(1_200_000L)
                .setWindowStart(T).setWindowEnd(T.plusSeconds(3600)).build());
        records.add(new SourceRecord(Topics.USAGE_RECORDS, usage));
        records.add(new SourceRecord(Topics.USAGE_RECORDS, usage));
        records.add(new SourceRecord(Topics.RECORDING_ARTIFACTS, UsageEvents.bytes(
                UsageEvents.artifact("acct", "m1", "rec1", ArtifactKind.MP4, 5_000_000L, 1_200_000L, T.plusSeconds(1300)))));
        records.add(new SourceRecord(Topics.TRANSCRIPT_SEGMENTS, UsageEvents.bytes(UsageEvents.segment("s1", "acct", "m1", T, 4000, 6000, false))));
        records.add(new SourceRecord(Topics.TRANSCRIPT_SEGMENTS, UsageEvents.bytes(UsageEvents.segment("s1", "acct", "m1", T, 4000, 6500, true))));
        records.add(new SourceRecord(Topics.MEETING_EVENTS, new byte[] {1, 2, 3}));                  // not an event at all
        return records;
    }

    @Test
    void writesEveryTableOfTheDayAsParquetThatAnotherReaderReads() throws Exception {
        DirectoryWarehouseStore store = new DirectoryWarehouseStore(dir);
        List<String> progress = new ArrayList<>();

        ExportRun.Summary summary = ExportRun.run(new ListSource(records()), DateRange.day(DAY), store, Engine.DIRECT, progress::add, true);

        Map<String, Long> expected = new LinkedHashMap<>();
        expected.put("media_quality", 4L);
        expected.put("meeting_events", 9L);      // 11 distinct events, the last two on the next day
        expected.put("meetings", 2L);
        expected.put("participant_sessions", 3L);
        expected.put("recordings", 1L);
        expected.put("transcripts", 1L);
        expected.put("usage", 1L);
        assertEquals(expected, summary.day(DAY));
        assertEquals(1, summary.undecodable());
        assertEquals(1, summary.rejected());
        assertTrue(progress.stream().anyMatch(line -> line.contains("records read")), progress.toString());

        assertEquals(9L, count("meeting_events"));
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement()) {
            ResultSet m = s.executeQuery("SELECT meeting_id, participant_sessions, distinct_users, peak_participants, duration_ms, end_reason, "
                    + "CAST(date AS VARCHAR) FROM read_parquet('" + dir + "/warehouse/meetings/*/*.parquet', hive_partitioning = true) ORDER BY meeting_id");
            assertTrue(m.next());
            assertEquals("m1|2|2|2|1200000|ENDED_BY_HOST|2026-11-10", row(m, 7));
            assertTrue(m.next());
            assertEquals("m2|1|1|1|3600000|ENDED_BY_HOST|2026-11-10", row(m, 7));
            ResultSet t = s.executeQuery("SELECT end_offset_ms, spoken_at FROM read_parquet('" + dir + "/warehouse/transcripts/*/*.parquet')");
            assertTrue(t.next());
            assertEquals(6500, t.getLong(1), "the final segment, not the interim one");
            // MOS by hand (G.107, rtt unknown, Ta = 20 + 2 x jitter < 100 ms so Id = 0):
            // loss 0: R 93.2, MOS 4.409286; 0.4 %: Ie-eff 95*0.4/20.4 = 1.862745, R 91.337255, MOS 4.370369;
            // 0.8 %: Ie-eff 3.653846, R 89.546154, MOS 4.327723. Video is not scored.
            ResultSet q = s.executeQuery("SELECT kind, round(mos, 4) FROM read_parquet('" + dir
                    + "/warehouse/media_quality/*/*.parquet') ORDER BY interval_start, kind");
            List<String> mos = new ArrayList<>();
            while (q.next()) {
                mos.add(q.getString(1) + " " + q.getString(2));
            }
            assertEquals(List.of("AUDIO 4.4093", "VIDEO null", "AUDIO 4.3704", "AUDIO 4.3277"), mos);
            ResultSet codec = s.executeQuery("SELECT DISTINCT compression FROM parquet_metadata('" + dir + "/warehouse/usage/*/*.parquet')");
            assertTrue(codec.next());
            assertEquals("ZSTD", codec.getString(1));
        }
        String rejects = Files.readString(dir.resolve(WarehouseExport.rejectsKey(DateRange.day(DAY))));
        assertTrue(rejects.contains("ParticipantLeft of ghost in meeting m1 without its ParticipantJoined"), rejects);
        assertTrue(rejects.contains("undated\tmeeting.events"), rejects);
    }

    @Test
    void aSecondRunReplacesThePartitionWithTheSameFiles() throws Exception {
        DirectoryWarehouseStore store = new DirectoryWarehouseStore(dir);
        ExportRun.run(new ListSource(records()), DateRange.day(DAY), store, Engine.DIRECT, line -> { }, false);
        Path stale = dir.resolve("warehouse/meetings/date=2026-11-10/left-over.parquet");
        Files.copy(dir.resolve("warehouse/meetings/date=2026-11-10/part-00000.parquet"), stale);
        List<String> first = files();

        ExportRun.run(new ListSource(records()), DateRange.day(DAY), store, Engine.DIRECT, line -> { }, false);

        assertEquals(2L, count("meetings"), "the stale copy is gone, the rows are there once");
        List<String> second = files();
        second.add("warehouse/meetings/date=2026-11-10/left-over.parquet");
        assertEquals(first.stream().sorted().toList(), second.stream().sorted().toList());
    }

    @Test
    void aDayWithoutDataWritesNothing() throws Exception {
        ExportRun.Summary summary = ExportRun.run(new ListSource(records()), DateRange.day(DAY.plusDays(5)),
                new DirectoryWarehouseStore(dir), Engine.DIRECT, line -> { }, false);

        assertTrue(summary.day(DAY.plusDays(5)).isEmpty());
        assertEquals(List.of(), files().stream().filter(file -> !file.contains("_rejects")).toList());
    }

    /**
     * Beam's Flink runner on an in-process Flink (the runner's "[local]" master: a MiniCluster of the
     * platform's Flink version) writes the same files and rows as the DirectRunner, and its counters
     * give the same summary. orchestration's WarehouseExportTest does the same on the platform's
     * session cluster.
     */
    @Test
    void theFlinkRunnerWritesTheSameRowsAsTheDirectRunner() throws Exception {
        Path directDir = dir.resolve("direct");
        Path flinkDir = dir.resolve("flink");
        ExportRun.Summary direct = ExportRun.run(new ListSource(records()), DateRange.day(DAY), new DirectoryWarehouseStore(directDir),
                Engine.DIRECT, line -> { }, true);
        List<String> progress = new ArrayList<>();
        ExportRun.Summary flink = ExportRun.run(new ListSource(records()), DateRange.day(DAY), new DirectoryWarehouseStore(flinkDir),
                new Engine(Engine.Runner.FLINK, "[local]"), progress::add);

        assertEquals(direct.rowsByPartition(), flink.rowsByPartition(), "rows per partition, from the runner's counters");
        assertEquals(List.of(direct.recordsRead(), direct.undecodable(), direct.rejected()),
                List.of(flink.recordsRead(), flink.undecodable(), flink.rejected()), "records read, undecodable, rejected");
        assertEquals(files(directDir), files(flinkDir));
        assertEquals(rows(directDir), rows(flinkDir));
        assertEquals(Files.readString(directDir.resolve(WarehouseExport.rejectsKey(DateRange.day(DAY)))),
                Files.readString(flinkDir.resolve(WarehouseExport.rejectsKey(DateRange.day(DAY)))));
        assertTrue(progress.get(0).contains("Flink session cluster"), progress.toString());
    }

    /** Every row of every table, as DuckDB reads it, in a fixed order. */
    private static Map<String, List<String>> rows(Path root) throws Exception {
        Map<String, List<String>> tables = new java.util.TreeMap<>();
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement();
             Stream<Path> folders = Files.list(root.resolve("warehouse"))) {
            for (Path folder : folders.filter(f -> !f.getFileName().toString().startsWith("_")).toList()) {
                List<String> rows = new ArrayList<>();
                try (ResultSet r = s.executeQuery("SELECT * FROM read_parquet('" + folder + "/*/*.parquet', hive_partitioning = true) "
                        + "ORDER BY ALL")) {
                    while (r.next()) {
                        rows.add(row(r, r.getMetaData().getColumnCount()));
                    }
                }
                tables.put(folder.getFileName().toString(), rows);
            }
        }
        assertEquals(7, tables.size(), "every table has rows on the day: " + tables.keySet());
        return tables;
    }

    private static List<String> files(Path root) throws Exception {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).map(file -> root.relativize(file).toString()).sorted().toList();
        }
    }

    private List<String> files() throws Exception {
        try (Stream<Path> walk = Files.walk(dir)) {
            return new ArrayList<>(walk.filter(Files::isRegularFile).map(file -> dir.relativize(file).toString()).toList());
        }
    }

    private long count(String table) throws Exception {
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*) FROM read_parquet('" + dir + "/warehouse/" + table + "/*/*.parquet')")) {
            r.next();
            return r.getLong(1);
        }
    }

    private static String row(ResultSet r, int columns) throws Exception {
        List<String> values = new ArrayList<>();
        for (int i = 1; i <= columns; i++) {
            values.add(r.getString(i));
        }
        return String.join("|", values);
    }
}
