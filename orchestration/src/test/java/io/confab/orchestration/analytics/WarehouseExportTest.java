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
 * totals through {@code confab query} and {@code POST /api/data/query}. Both tests read the same
 * generated days and the same backfill, made once for the class ({@link Backfill}): a second set of
 * days, its metering and a second DirectRunner export cost the suite about half a minute and showed
 * nothing the first set does not.
 */
@ExtendWith(SharedPlatform.class)
class WarehouseExportTest {

    /** Days no other test writes: WarehouseQueryTest uses the last three, BillingTest October 2026. */
    private static final LocalDate EMPTY = LocalDate.now(ZoneOffset.UTC).minusDays(13);
    /** Three, as the generator's meeting over midnight starts on the second day and the meter must have all of it. */
    private static final List<LocalDate> DAYS = List.of(EMPTY.plusDays(1), EMPTY.plusDays(2), EMPTY.plusDays(3));

    /**
     * One account's generated days, metered, then exported by the DirectRunner from EMPTY to the last
     * of DAYS: what both tests start from.
     *
     * @param metered      the usage meter's PARTICIPANT_MINUTES (in ms) per day, as /api/usage answered
     * @param backfill     the export's command run
     * @param afterBackfill every row of the account per table of DAYS, and the files, right after it
     */
    private record Backfill(RecordingFixtures.Account owner, GeneratedMeetings.Expected expected, Map<String, Long> metered,
                            Cli.Result backfill, Map<String, List<String>> afterBackfill) {
    }

    private static Backfill backfill;

    private RecordingFixtures fixtures;

    @BeforeEach
    void connect(SharedPlatform.Running running) {
        fixtures = new RecordingFixtures(running);
    }

    @AfterEach
    void disconnect() {
        fixtures.close();
    }

    /** The class's generated days and their backfill, made by the first test that asks. */
    private Backfill backfill() throws Exception {
        if (backfill == null) {
            RecordingFixtures.Account owner = fixtures.signUp("Warehouse");
            GeneratedMeetings.Expected expected = GeneratedMeetings.produce(fixtures.platform.kafka().address(),
                    List.of(owner.accountId()), DAYS, 17);
            JsonNode metered = GeneratedMeetings.awaitMetered(fixtures, owner, expected, DAYS);
            Map<String, Long> meteredMs = new TreeMap<>();
            metered.path("days").forEach(day -> meteredMs.put(day.path("day").asText(), day.path("metrics").path("PARTICIPANT_MINUTES").asLong()));
            Cli.Result run = Cli.run(Duration.ofMinutes(4), "warehouse", "export", "--from", EMPTY.toString(), "--to", DAYS.get(2).toString(),
                    "--data-dir", fixtures.platform.config().dataDir().toString());
            assertEquals(0, run.exitCode(), run.out() + run.err());
            backfill = new Backfill(owner, expected, meteredMs, run, snapshot(download("backfill-days", DAYS), owner.accountId()));
        }
        return backfill;
    }

    @Test
    void exportsDaysToParquetThatReadBackAndAnswerSql() throws Exception {
        Backfill made = backfill();
        RecordingFixtures.Account owner = made.owner();
        String account = owner.accountId();
        GeneratedMeetings.Expected expected = made.expected();
        Map<String, Long> meteredMs = made.metered();
        String dataDir = fixtures.platform.config().dataDir().toString();
        Cli.Result backfill = made.backfill();
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
        Map<String, List<String>> afterBackfill = made.afterBackfill();

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
     * {@code confab warehouse export --runner flink}: the class's generated days (a meeting over
     * midnight among them) exported again on the platform's Flink session cluster through Beam's Flink
     * runner write the same Parquet files with the same rows as the DirectRunner's backfill (both read
     * back by DuckDB here), and report the same rows per table and day.
     */
    @Test
    void theFlinkRunnerWritesTheSameRowsAsTheDirectRunner() throws Exception {
        Backfill made = backfill();
        String account = made.owner().accountId();
        Cli.Result flink = Cli.run(Duration.ofMinutes(8), "warehouse", "export", "--from", DAYS.get(0).toString(),
                "--to", DAYS.get(2).toString(), "--runner", "flink", "--data-dir", fixtures.platform.config().dataDir().toString());
        assertEquals(0, flink.exitCode(), flink.out() + flink.err());
        assertTrue(flink.err().contains("Flink session cluster"), "progress is shown: " + flink.err());
        Map<String, List<String>> byFlink = snapshot(download("flink", DAYS), account);

        long sessions = DAYS.stream().mapToLong(day -> GeneratedMeetings.Expected.get(made.expected().sessions, account, day)).sum();
        assertTrue(sessions > 0, "the generator made sessions");
        assertEquals(sessions, made.afterBackfill().get(WarehouseTable.PARTICIPANT_SESSIONS.tableName()).size(), "the DirectRunner's sessions");
        assertEquals(made.afterBackfill(), byFlink, "the Flink runner's files and rows");
        assertEquals(dayLines(made.backfill().out()), dayLines(flink.out()), "rows per table and day of DAYS, from each runner's counters");
    }

    /** The per-day lines of DAYS in an export's output (rows per table), without the total line and its time. */
    private static List<String> dayLines(String out) {
        List<String> lines = out.lines().filter(line -> DAYS.stream().anyMatch(day -> line.startsWith("warehouse " + day + ":"))).toList();
        assertEquals(DAYS.size(), lines.size(), out);
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
