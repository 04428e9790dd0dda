package io.confab.orchestration.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import io.confab.orchestration.Cli;
import io.confab.orchestration.SharedPlatform;
import io.confab.orchestration.recordings.RecordingFixtures;
import io.confab.storage.s3.S3Layout;
import io.confab.storage.warehouse.WarehouseTable;
import io.confab.storage.warehouse.rows.ParticipantSessionRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.avro.specific.SpecificData;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.sync.RequestBody;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SQL over the warehouse on the running platform: generated participant sessions written as
 * Parquet (storage's row schema) into the real S3 at the real warehouse keys, queried through
 * {@code confab query} and {@code POST /api/data/query} (data-api's DuckDB), the answers checked
 * against totals summed here from the same generated rows.
 */
@ExtendWith(SharedPlatform.class)
class WarehouseQueryTest {

    private RecordingFixtures fixtures;

    @BeforeEach
    void connect(SharedPlatform.Running running) {
        fixtures = new RecordingFixtures(running);
    }

    @AfterEach
    void disconnect() {
        fixtures.close();
    }

    /** Per day: sessions and milliseconds, summed while generating. */
    private record Totals(long sessions, long ms) {
    }

    @Test
    void answersMatchTotalsComputedFromTheGeneratedRows() throws Exception {
        RecordingFixtures.Account owner = fixtures.signUp("Analyst");
        RecordingFixtures.Account other = fixtures.signUp("Other");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Map<LocalDate, Totals> expected = new TreeMap<>();
        Random random = new Random(17);
        for (int d = 3; d >= 1; d--) {
            LocalDate day = today.minusDays(d);
            List<ParticipantSessionRow> rows = new ArrayList<>();
            long ms = 0;
            int n = 40 + 15 * d;
            for (int i = 0; i < n; i++) {
                long duration = 1_000L + random.nextInt(3_600_000);
                ms += duration;
                rows.add(session(owner.accountId(), day, i, duration));
            }
            expected.put(day, new Totals(n, ms));
            upload(day, rows);
            // Another account's sessions on the same days: never in the owner's answers.
            List<ParticipantSessionRow> others = new ArrayList<>();
            for (int i = 0; i < 25; i++) {
                others.add(session(other.accountId(), day, i, 999_999L));
            }
            upload(day, others);
        }
        String sql = "SELECT date, count(*) AS sessions, sum(duration_ms) AS ms FROM participant_sessions "
                + "WHERE date >= DATE '" + today.minusDays(3) + "' GROUP BY date ORDER BY date";
        StringBuilder csv = new StringBuilder("date,sessions,ms\n");
        expected.forEach((day, t) -> csv.append(day).append(',').append(t.sessions()).append(',').append(t.ms()).append('\n'));

        String dataDir = fixtures.platform.config().dataDir().toString();
        Cli.Result cli = Cli.run(Duration.ofSeconds(90), "query", sql, "--format", "csv", "--data-dir", dataDir, "--token", owner.token());
        assertEquals(0, cli.exitCode(), cli.err());
        assertEquals(csv.toString(), cli.out());

        RecordingFixtures.Answer rest = fixtures.send("POST", "/api/data/query", Map.of("sql", sql), owner.token());
        assertEquals(200, rest.status(), rest.toString());
        JsonNode rows = rest.body().path("rows");
        assertEquals(3, rows.size(), rest.toString());
        int i = 0;
        for (Map.Entry<LocalDate, Totals> e : expected.entrySet()) {
            assertEquals(e.getKey().toString(), rows.get(i).get(0).asText());
            assertEquals(e.getValue().sessions(), rows.get(i).get(1).asLong());
            assertEquals(e.getValue().ms(), rows.get(i).get(2).asLong());
            i++;
        }
        assertEquals("sessions", rest.body().path("columns").get(1).path("name").asText());

        // Without a date filter the same totals come back, with a notice that all history was read.
        Cli.Result all = Cli.run(Duration.ofSeconds(90), "query", "SELECT count(*) AS n FROM participant_sessions", "--format", "json",
                "--data-dir", dataDir, "--token", owner.token());
        assertEquals(0, all.exitCode(), all.err());
        long total = expected.values().stream().mapToLong(Totals::sessions).sum();
        assertTrue(all.out().contains("\"rows\":[[" + total + "]]"), all.out());
        assertTrue(all.err().contains("scans all history"), all.err());

        // The table format, as a person reads it.
        Cli.Result table = Cli.run(Duration.ofSeconds(90), "query", sql, "--data-dir", dataDir, "--token", owner.token());
        assertEquals(0, table.exitCode(), table.err());
        assertTrue(table.out().contains("| " + today.minusDays(1) + " |") && table.out().contains("3 rows"), table.out());
    }

    @Test
    void syntaxErrorsWritesAndFilesOutsideTheWarehouseAreRefused() throws Exception {
        RecordingFixtures.Account owner = fixtures.signUp("Careless");
        String dataDir = fixtures.platform.config().dataDir().toString();

        Cli.Result syntax = Cli.run(Duration.ofSeconds(60), "query", "SELEC count(*) FROM meetings", "--data-dir", dataDir, "--token", owner.token());
        assertNotEquals(0, syntax.exitCode());
        assertTrue(syntax.err().contains("Parser Error") && syntax.err().contains("syntax error"), syntax.err());

        Cli.Result write = Cli.run(Duration.ofSeconds(60), "query", "DELETE FROM participant_sessions", "--data-dir", dataDir,
                "--token", owner.token());
        assertNotEquals(0, write.exitCode());
        assertTrue(write.err().contains("read-only: DELETE"), write.err());

        Path secret = Files.writeString(Path.of("target").toAbsolutePath().resolve("not-warehouse.csv"), "secret\n42\n");
        RecordingFixtures.Answer read = fixtures.send("POST", "/api/data/query",
                Map.of("sql", "SELECT * FROM read_csv('" + secret + "')"), owner.token());
        assertEquals(400, read.status(), read.toString());
        assertTrue(read.body().path("detail").asText().contains("Permission Error"), read.toString());

        RecordingFixtures.Answer copy = fixtures.send("POST", "/api/data/query", Map.of("sql", "COPY (SELECT 1) TO '/tmp/x.csv'"), owner.token());
        assertEquals(400, copy.status());
        assertEquals("REFUSED", copy.body().path("error").asText(), copy.toString());

        // A warehouse table without files yet is WarehouseSqlTest's: on the shared platform other
        // tests' exports may have written any table by now. A table that is not in the warehouse
        // at all is refused by name.
        RecordingFixtures.Answer missing = fixtures.send("POST", "/api/data/query", Map.of("sql", "SELECT * FROM invoices_2019"), owner.token());
        assertEquals(400, missing.status(), missing.toString());
        assertTrue(missing.body().path("detail").asText().contains("invoices_2019"), missing.toString());

        RecordingFixtures.Answer anonymous = fixtures.send("POST", "/api/data/query", Map.of("sql", "SELECT 1"), null);
        assertEquals(401, anonymous.status());
        String guest = fixtures.guestToken(fixtures.meeting(owner));
        assertEquals(403, fixtures.send("POST", "/api/data/query", Map.of("sql", "SELECT 1"), guest).status());
    }

    private static ParticipantSessionRow session(String account, LocalDate day, int i, long durationMs) {
        Instant joined = day.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(60L * i);
        return ParticipantSessionRow.newBuilder().setAccountId(account).setMeetingId("m" + (i % 7))
                .setParticipantId(UUID.randomUUID().toString()).setDisplayName("P" + i).setRole(i == 0 ? "HOST" : "PARTICIPANT")
                .setJoinedAt(joined).setLeftAt(joined.plusMillis(durationMs)).setLeaveReason("LEFT").setDurationMs(durationMs).build();
    }

    /** One Parquet file at the real warehouse key, written as the export will write it. */
    private void upload(LocalDate day, List<ParticipantSessionRow> rows) throws IOException {
        WarehouseTable table = WarehouseTable.PARTICIPANT_SESSIONS;
        Path dir = Files.createDirectories(Path.of("target/warehouse-test"));
        Path file = dir.resolve(UUID.randomUUID() + ".parquet");
        try (ParquetWriter<ParticipantSessionRow> writer = AvroParquetWriter.<ParticipantSessionRow>builder(new LocalOutputFile(file))
                .withConf(new PlainParquetConfiguration())
                .withSchema(table.schema())
                .withDataModel(SpecificData.getForClass(table.rowClass()))
                .withCompressionCodec(CompressionCodecName.UNCOMPRESSED)
                .build()) {
            for (ParticipantSessionRow row : rows) {
                assertEquals(day, table.partitionOf(row));
                writer.write(row);
            }
        }
        String key = S3Layout.warehouseFile(table, day, "test-" + UUID.randomUUID());
        fixtures.s3.putObject(b -> b.bucket(fixtures.platform.config().s3().bucket()).key(key), RequestBody.fromFile(file));
        Files.delete(file);
    }
}
