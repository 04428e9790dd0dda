package io.confab.storage.cassandra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The script's shape; the launcher's integration test applies it to a real Cassandra node. */
class CassandraSchemaTest {

    /** A column added to a table after its first release: idempotent as well. */
    private static final Pattern ADD_COLUMN = Pattern.compile("ALTER TABLE confab\\.\\w+ ADD IF NOT EXISTS \\w+ \\w+");
    private static final Pattern CREATE_TABLE = Pattern.compile("CREATE TABLE IF NOT EXISTS (\\w+)\\.(\\w+) \\(");

    @Test
    void createsTheKeyspaceFirstWithTheGivenReplicationFactor() {
        String keyspace = CassandraSchema.statements(3).get(0);

        assertTrue(keyspace.startsWith("CREATE KEYSPACE IF NOT EXISTS confab"), keyspace);
        assertTrue(keyspace.contains("'replication_factor': 3}"), keyspace);
    }

    @Test
    void everyStatementIsIdempotent() {
        for (String statement : CassandraSchema.statements(1)) {
            assertTrue(statement.startsWith("CREATE KEYSPACE IF NOT EXISTS ") || statement.startsWith("CREATE TABLE IF NOT EXISTS ")
                            || ADD_COLUMN.matcher(statement).matches(),
                    "not idempotent: " + statement);
            assertFalse(statement.contains("${"), "placeholder left in: " + statement);
        }
    }

    @Test
    void createsEveryTableInTheConfabKeyspace() {
        List<String> statements = CassandraSchema.statements(1);
        List<String> tables = statements.stream().skip(1).filter(statement -> !ADD_COLUMN.matcher(statement).matches()).map(statement -> {
            Matcher matcher = CREATE_TABLE.matcher(statement);
            assertTrue(matcher.lookingAt(), "expected CREATE TABLE IF NOT EXISTS confab.<name> (: " + statement);
            assertEquals(CassandraSchema.KEYSPACE, matcher.group(1));
            return matcher.group(2);
        }).toList();

        assertEquals(CassandraSchema.TABLES, tables);
    }

    @Test
    void servesTheQueriesTheDesignNames() {
        assertTrue(CassandraSchema.TABLES.containsAll(List.of("usage_by_account_day", "transcript_segments_by_meeting",
                "recordings_by_meeting", "participant_sessions_by_meeting", "events_by_meeting")));
    }

    @Test
    void refusesAReplicationFactorBelowOne() {
        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () -> CassandraSchema.statements(0));

        assertEquals("Cassandra replication factor must be at least 1, got 0", thrown.getMessage());
    }

    @Test
    void aStoreNamesItsTablesQualifiedAndOnlyThoseTheSchemaCreates() {
        assertEquals("confab.recordings_by_account", CassandraSchema.table("recordings_by_account"));

        IllegalArgumentException thrown = assertThrows(IllegalArgumentException.class, () -> CassandraSchema.table("recordings"));

        assertEquals("confab.recordings is not in storage's CassandraSchema.TABLES", thrown.getMessage());
    }
}
