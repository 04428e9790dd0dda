package io.confab.dataapi.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The query engine over Parquet files on local disk (written here by a separate DuckDB, as the
 * export will write them): views, the account filter, and what is refused.
 */
class WarehouseSqlTest {

    @TempDir
    static Path root;

    static WarehouseSql sql;

    /** Local files stand in for the S3 cache: nothing to fetch. */
    record LocalFiles(Path root) implements WarehouseFiles {
        @Override
        public Sync sync() {
            return new Sync(0, 0, 0, 0, 0);
        }
    }

    @BeforeAll
    static void writeTwoDays() throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:"); Statement s = c.createStatement()) {
            for (String day : List.of("2026-11-30", "2026-12-01")) {
                Path dir = Files.createDirectories(root.resolve("warehouse/participant_sessions/date=" + day));
                s.execute("COPY (SELECT CASE WHEN i % 4 = 0 THEN 'other' ELSE 'acct' END AS account_id, 'm' || (i % 3) AS meeting_id, "
                        + "'p' || i AS participant_id, 'Name' AS display_name, 'PARTICIPANT' AS role, "
                        + "TIMESTAMP '" + day + " 10:00:00' AS joined_at, i * 1000::BIGINT AS duration_ms FROM range(100) t(i)) TO '"
                        + dir.resolve("part-0.parquet") + "' (FORMAT parquet)");
            }
        }
        sql = new WarehouseSql(new LocalFiles(root), 1, "256MB");
    }

    @Test
    void countsOnlyTheCallersAccountPerDay() {
        QueryAnswer answer = sql.run("SELECT date, count(*) AS n, sum(duration_ms) AS ms FROM participant_sessions GROUP BY date ORDER BY date", "acct", 100);
        assertEquals(2, answer.rowCount());
        long expectedMs = 0;
        for (int i = 0; i < 100; i++) {
            if (i % 4 != 0) {
                expectedMs += i * 1000L;
            }
        }
        assertEquals(List.of("2026-11-30", 75L, expectedMs), List.of(answer.rows().get(0).get(0), answer.rows().get(0).get(1),
                ((Number) answer.rows().get(0).get(2)).longValue()), answer.toString());
        assertEquals("n", answer.columns().get(1).name());
        assertNull(answer.notice(), "names the date column: not a full scan");
    }

    @Test
    void saysWhenAQueryReadsAllHistory() {
        QueryAnswer answer = sql.run("select count(*) from participant_sessions;", null, 10);
        assertEquals(200L, answer.rows().get(0).get(0));
        assertNotNull(answer.notice());
        assertTrue(answer.notice().contains("all history") && answer.notice().contains("2 days"), answer.notice());
    }

    @Test
    void refusesWritesAndSecondStatements() {
        var refused = assertThrows(ReadOnlyStatement.Refused.class, () -> sql.run("DELETE FROM participant_sessions", "acct", 10));
        assertTrue(refused.getMessage().contains("read-only: DELETE"), refused.getMessage());
        assertThrows(ReadOnlyStatement.Refused.class, () -> sql.run("COPY participant_sessions TO '/tmp/x.csv'", "acct", 10));
        assertThrows(ReadOnlyStatement.Refused.class, () -> sql.run("ATTACH '/tmp/x.db'", "acct", 10));
        assertThrows(ReadOnlyStatement.Refused.class, () -> sql.run("SET enable_external_access = true", "acct", 10));
        var two = assertThrows(ReadOnlyStatement.Refused.class, () -> sql.run("SELECT 1; DROP VIEW meetings", "acct", 10));
        assertTrue(two.getMessage().contains("one statement"), two.getMessage());
        assertEquals(1, sql.run("SELECT ';' AS semicolon -- a comment; still one\n", "acct", 10).rowCount());
    }

    @Test
    void refusesFilesOutsideTheWarehouse() throws Exception {
        Path outside = Files.writeString(Files.createTempFile("outside", ".csv"), "secret\n1\n");
        var e = assertThrows(WarehouseSql.Failed.class, () -> sql.run("SELECT * FROM read_csv('" + outside + "')", "acct", 10));
        assertTrue(e.getMessage().toLowerCase().contains("permission") || e.getMessage().contains("disabled"), e.getMessage());
        var other = assertThrows(WarehouseSql.Failed.class,
                () -> sql.run("SELECT * FROM read_parquet('" + root + "/../*/*.parquet')", "acct", 10));
        assertNotNull(other.getMessage());
    }

    @Test
    void givesDuckDbsMessageOnASyntaxError() {
        var e = assertThrows(WarehouseSql.Failed.class, () -> sql.run("SELECT FROM WHERE", "acct", 10));
        assertTrue(e.getMessage().contains("syntax error"), e.getMessage());
        // A typo in the first word is DuckDB's syntax error too, not a refusal.
        var typo = assertThrows(WarehouseSql.Failed.class, () -> sql.run("SELEC count(*) FROM meetings", "acct", 10));
        assertTrue(typo.getMessage().contains("Parser Error") && typo.getMessage().contains("SELEC"), typo.getMessage());
    }

    @Test
    void anAliasNamedLikeATableWithoutFilesIsNoReadOfIt() {
        // confab bench query's statement: only participant_sessions has files here.
        QueryAnswer answer = sql.run("SELECT count(*) AS sessions, count(DISTINCT meeting_id) AS meetings FROM participant_sessions",
                null, 10);
        assertEquals(200L, answer.rows().get(0).get(0), answer.toString());
    }

    @Test
    void namesATableThatHasNoFilesYet() {
        var e = assertThrows(WarehouseSql.Failed.class, () -> sql.run("SELECT count(*) FROM recordings", "acct", 10));
        assertTrue(e.getMessage().contains("warehouse table recordings has no files yet"), e.getMessage());
        var m = assertThrows(WarehouseSql.Failed.class, () -> sql.run("SELECT * FROM media_quality", "acct", 10));
        assertTrue(m.getMessage().contains("media_quality"), m.getMessage());
    }

    @Test
    void cutsLongResultsAndSaysSo() {
        QueryAnswer answer = sql.run("SELECT * FROM participant_sessions WHERE date = DATE '2026-12-01'", "acct", 10);
        assertEquals(10, answer.rowCount());
        assertTrue(answer.truncated());
    }
}
