package io.confab.orchestration.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import io.confab.orchestration.Cli;
import io.confab.orchestration.SharedPlatform;
import io.confab.orchestration.recordings.RecordingFixtures;
import io.confab.storage.s3.S3Layout;
import io.confab.storage.warehouse.WarehouseTable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.model.S3Object;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code confab warehouse export} on the shared platform: a few days of generated meetings produced to
 * the real Kafka (events, quality samples, usage records, recording files), exported to the real S3,
 * the Parquet read back by DuckDB in this test (not data-api's query code) with storage's columns and
 * the counts computed while generating; a 4-day backfill (the first day empty for this account) equal to three daily
 * runs after it (each a re-run of its day, so also: re-running leaves the same rows); and the same
 * totals through {@code confab query} and {@code POST /api/data/query}.
 */
@ExtendWith(SharedPlatform.class)
class WarehouseExportTest {

    /** Days no other test writes: WarehouseQueryTest uses the last three, BillingTest October 2026. */
    private static final LocalDate EMPTY = LocalDate.now(ZoneOffset.UTC).minusDays(13);
    private static final List<LocalDate> DAYS = List.of(EMPTY.plusDays(1), EMPTY.plusDays(2), EMPTY.plusDays(3));
    /**
     * The runner comparison's days: after DAYS, before WarehouseQueryTest's (NotebooksTest's week is before EMPTY).
     * Three, as the generator's meeting over midnight starts on the second day and the meter must have all of it.
     */
    private static final List<LocalDate> FLINK_DAYS = List.of(EMPTY.plusDays(4), EMPTY.plusDays(5), EMPTY.plusDays(6));

    private RecordingFixtures fixtures;

    @BeforeEach
    void connect(SharedPlatform.Running running) {
        fixtures = new RecordingFixtures(running);
    }

    @AfterEach
    void disconnect() {
        fixtures.close();
    }

    @Test
    void exportsDaysToParquetThatReadBackAndAnswerSql() throws Exception {
        RecordingFixtures.Account owner = fixtures.signUp("Warehouse");
        String account = owner.accountId();
        GeneratedMeetings.Expected expected = GeneratedMeetings.produce(fixtures.platform.kafka().address(), List.of(account), DAYS, 17);
        JsonNode metered = GeneratedMeetings.awaitMetered(fixtures, owner, expected, DAYS);
        Map<String, Long> meteredMs = new TreeMap<>();
        metered.path("days").forEach(day -> meteredMs.put(day.path("day").asText(), day.path("metrics").path("PARTICIPANT_MINUTES").asLong()));
        String dataDir = fixtures.platform.config().dataDir().toString();

        Cli.Result backfill = Cli.run(Duration.ofMinutes(4), "warehouse", "export", "--from", EMPTY.toString(), "--to", DAYS.get(2).toString(),
                "--data-dir", dataDir);
        assertEquals(0, backfill.exitCode(), backfill.out() + backfill.err());
        assertTrue(backfill.out().contains("warehouse " + EMPTY + ":"), "every day of the backfill is reported: " + backfill.out());
        assertTrue(backfill.err().contains("records read"), "progress is shown: " + backfill.err());

        List<LocalDate> withEmpty = new ArrayList<>(DAYS);
        withEmpty.add(EMPTY);
        Path copy = download("backfill", withEmpty);
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement()) {
            // Other tests on the shared platform (the usage meter's month) may have rows on this
            // day; this account has none.
            for (WarehouseTable table : WarehouseTable.values()) {
                assertEquals(0, count(s, copy, table, EMPTY, account), table + " has nothing of this account on the empty day");
            }
            for (WarehouseTable table : WarehouseTable.values()) {
                for (LocalDate day : DAYS) {
                    if (table == WarehouseTable.USAGE) {
                        continue;   // made by the usage meter; checked by its sums below
                    }
                    long rows = count(s, copy, table, day, account);
                    assertEquals(expected.rows(table, account, day), rows, table + " on " + day);
                }
                if (table != WarehouseTable.TRANSCRIPTS) {
                    assertEquals(columns(table.schema()), columns(s, copy, table), table + "'s columns are storage's row schema");
                }
            }
            ResultSet ms = s.executeQuery("SELECT sum(duration_ms) FROM " + glob(copy, WarehouseTable.PARTICIPANT_SESSIONS)
                    + " WHERE date = DATE '" + DAYS.get(1) + "' AND account_id = '" + account + "'");
            ms.next();
            assertEquals(GeneratedMeetings.Expected.get(expected.sessionMs, account, DAYS.get(1)), ms.getLong(1));
        }
        Map<String, List<String>> afterBackfill = snapshot(download("backfill-days", DAYS), account);

        for (LocalDate day : DAYS) {
            Cli.Result daily = Cli.run(Duration.ofMinutes(4), "warehouse", "export", "--date", day.toString(), "--data-dir", dataDir);
            assertEquals(0, daily.exitCode(), daily.out() + daily.err());
        }
        Map<String, List<String>> afterDaily = snapshot(download("daily", DAYS), account);
        assertEquals(afterBackfill, afterDaily, "three daily runs after the backfill leave exactly the backfill's rows and files");

        String sql = "SELECT date, count(*) AS sessions, sum(duration_ms) AS ms FROM participant_sessions WHERE date BETWEEN DATE '"
                + DAYS.get(0) + "' AND DATE '" + DAYS.get(2) + "' GROUP BY date ORDER BY date";
        StringBuilder csv = new StringBuilder("date,sessions,ms\n");
        DAYS.forEach(day -> csv.append(day).append(',').append(GeneratedMeetings.Expected.get(expected.sessions, account, day)).append(',')
                .append(GeneratedMeetings.Expected.get(expected.sessionMs, account, day)).append('\n'));
        Cli.Result query = Cli.run(Duration.ofSeconds(90), "query", sql, "--format", "csv", "--data-dir", dataDir, "--token", owner.token());
        assertEquals(0, query.exitCode(), query.err());
        assertEquals(csv.toString(), query.out());

        String perDay = "SELECT m.date, m.meetings, u.ms, q.samples, r.bytes FROM "
                + "(SELECT date, count(*) AS meetings FROM meetings GROUP BY date) m "
                + "JOIN (SELECT date, sum(quantity) AS ms FROM usage_daily WHERE metric = 'PARTICIPANT_MINUTES' GROUP BY date) u USING (date) "
                + "JOIN (SELECT date, count(*) AS samples FROM media_quality GROUP BY date) q USING (date) "
                + "JOIN (SELECT date, sum(size_bytes) AS bytes FROM recordings GROUP BY date) r USING (date) "
                + "WHERE m.date BETWEEN DATE '" + DAYS.get(0) + "' AND DATE '" + DAYS.get(2) + "' ORDER BY m.date";
        RecordingFixtures.Answer rest = fixtures.send("POST", "/api/data/query", Map.of("sql", perDay), owner.token());
        assertEquals(200, rest.status(), rest.toString());
        JsonNode rows = rest.body().path("rows");
        assertEquals(DAYS.size(), rows.size(), rest.toString());
        for (int i = 0; i < DAYS.size(); i++) {
            LocalDate day = DAYS.get(i);
            assertEquals(day + "|" + GeneratedMeetings.Expected.get(expected.meetings, account, day) + "|"
                            + meteredMs.getOrDefault(day.toString(), 0L) + "|"
                            + GeneratedMeetings.Expected.get(expected.quality, account, day) + "|"
                            + GeneratedMeetings.Expected.get(expected.recordingBytes, account, day),
                    rows.get(i).get(0).asText() + "|" + rows.get(i).get(1).asLong() + "|" + rows.get(i).get(2).asLong() + "|"
                            + rows.get(i).get(3).asLong() + "|" + rows.get(i).get(4).asLong(), rest.toString());
        }
    }

    /**
     * {@code confab warehouse export --runner flink}: the same backfill on the platform's Flink session
     * cluster through Beam's Flink runner writes the same Parquet files with the same rows as the
     * DirectRunner (both read back by DuckDB here), and reports the same rows per table and day; three
     * generated days of a fresh account, a meeting over midnight among them.
     */
    @Test
    void theFlinkRunnerWritesTheSameRowsAsTheDirectRunner() throws Exception {
        RecordingFixtures.Account owner = fixtures.signUp("WarehouseOnFlink");
        String account = owner.accountId();
        GeneratedMeetings.Expected expected = GeneratedMeetings.produce(fixtures.platform.kafka().address(), List.of(account), FLINK_DAYS, 23);
        // The meter's usage records are exported too: both runs must see all of them.
        GeneratedMeetings.awaitMetered(fixtures, owner, expected, FLINK_DAYS);
        String dataDir = fixtures.platform.config().dataDir().toString();
        String from = FLINK_DAYS.get(0).toString();
        String to = FLINK_DAYS.get(2).toString();

        Cli.Result direct = Cli.run(Duration.ofMinutes(4), "warehouse", "export", "--from", from, "--to", to, "--data-dir", dataDir);
        assertEquals(0, direct.exitCode(), direct.out() + direct.err());
        Map<String, List<String>> byDirect = snapshot(download("direct", FLINK_DAYS), account);
        Cli.Result flink = Cli.run(Duration.ofMinutes(8), "warehouse", "export", "--from", from, "--to", to, "--runner", "flink",
                "--data-dir", dataDir);
        assertEquals(0, flink.exitCode(), flink.out() + flink.err());
        assertTrue(flink.err().contains("Flink session cluster"), "progress is shown: " + flink.err());
        Map<String, List<String>> byFlink = snapshot(download("flink", FLINK_DAYS), account);

        long sessions = FLINK_DAYS.stream().mapToLong(day -> GeneratedMeetings.Expected.get(expected.sessions, account, day)).sum();
        assertTrue(sessions > 0, "the generator made sessions");
        assertEquals(sessions, byDirect.get(WarehouseTable.PARTICIPANT_SESSIONS.tableName()).size(), "the DirectRunner's sessions");
        assertEquals(byDirect, byFlink, "the Flink runner's files and rows");
        assertEquals(dayLines(direct.out()), dayLines(flink.out()), "rows per table and day, from each runner's counters");
    }

    /** The per-day lines of an export's output (rows per table), without the total line and its time. */
    private static List<String> dayLines(String out) {
        List<String> lines = out.lines().filter(line -> line.matches("warehouse \\d{4}-\\d{2}-\\d{2}:.*")).toList();
        assertEquals(FLINK_DAYS.size(), lines.size(), out);
        return lines;
    }

    private List<String> keys(WarehouseTable table, LocalDate day) {
        return fixtures.s3.listObjectsV2Paginator(b -> b.bucket(fixtures.platform.config().s3().bucket())
                .prefix(S3Layout.warehousePartitionPrefix(table, day))).contents().stream().map(S3Object::key).sorted().toList();
    }

    /** The days' partitions of every table, copied from S3 to a local folder with the same layout. */
    private Path download(String name, List<LocalDate> days) throws Exception {
        Path root = Files.createDirectories(Path.of("target/warehouse-export-test").toAbsolutePath().resolve(name + "-" + UUID.randomUUID()));
        for (WarehouseTable table : WarehouseTable.values()) {
            for (LocalDate day : days) {
                for (String key : keys(table, day)) {
                    Path file = Files.createDirectories(root.resolve(key).getParent()).resolve(Path.of(key).getFileName());
                    fixtures.s3.getObject(b -> b.bucket(fixtures.platform.config().s3().bucket()).key(key), file);
                }
            }
        }
        return root;
    }

    private static String glob(Path root, WarehouseTable table) {
        return "read_parquet('" + root.resolve(S3Layout.warehouseTablePrefix(table)) + "/*/*.parquet', hive_partitioning = true)";
    }

    private static long count(Statement s, Path root, WarehouseTable table, LocalDate day, String account) throws Exception {
        if (!Files.isDirectory(root.resolve(S3Layout.warehousePartitionPrefix(table, day)))) {
            return 0;
        }
        try (ResultSet r = s.executeQuery("SELECT count(*) FROM " + glob(root, table) + " WHERE date = DATE '" + day
                + "' AND account_id = '" + account + "'")) {
            r.next();
            return r.getLong(1);
        }
    }

    private static List<String> columns(Schema schema) {
        List<String> names = new ArrayList<>();
        schema.getFields().forEach(field -> names.add(field.name()));
        return names;
    }

    private static List<String> columns(Statement s, Path root, WarehouseTable table) throws Exception {
        List<String> names = new ArrayList<>();
        try (ResultSet r = s.executeQuery("DESCRIBE SELECT * FROM read_parquet('" + root.resolve(S3Layout.warehouseTablePrefix(table))
                + "/*/*.parquet', hive_partitioning = false)")) {
            while (r.next()) {
                names.add(r.getString(1));
            }
        }
        return names;
    }

    /** Every row of the account per table, as text in a fixed order, and the file names. */
    private static Map<String, List<String>> snapshot(Path root, String account) throws Exception {
        Map<String, List<String>> snapshot = new TreeMap<>();
        try (Connection duck = DriverManager.getConnection("jdbc:duckdb:"); Statement s = duck.createStatement()) {
            for (WarehouseTable table : WarehouseTable.values()) {
                if (!Files.isDirectory(root.resolve(S3Layout.warehouseTablePrefix(table)))) {
                    continue;
                }
                List<String> rows = new ArrayList<>();
                try (ResultSet r = s.executeQuery("SELECT * FROM " + glob(root, table) + " WHERE account_id = '" + account + "' ORDER BY ALL")) {
                    int columns = r.getMetaData().getColumnCount();
                    while (r.next()) {
                        StringBuilder row = new StringBuilder();
                        for (int i = 1; i <= columns; i++) {
                            row.append(r.getString(i)).append('|');
                        }
                        rows.add(row.toString());
                    }
                }
                snapshot.put(table.tableName(), rows);
            }
            try (var files = Files.walk(root)) {
                snapshot.put("files", files.filter(Files::isRegularFile).map(file -> root.relativize(file).toString()).sorted().toList());
            }
        }
        return snapshot;
    }
}
