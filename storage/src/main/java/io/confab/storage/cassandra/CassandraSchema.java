package io.confab.storage.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * Creates Confab's keyspace and tables from {@code schema.cql} (beside this class on the class
 * path). Idempotent: every statement is {@code IF NOT EXISTS}, so it runs at every start-up, and
 * an existing keyspace keeps its replication (changing that is an operator's decision, followed by
 * a repair, never a side effect of starting a service).
 */
public final class CassandraSchema {

    public static final String KEYSPACE = "confab";

    /** Class-path location of the schema script. */
    public static final String RESOURCE = "/io/confab/storage/cassandra/schema.cql";

    /** The tables the script creates, one per query; see the script for each one's query. */
    public static final List<String> TABLES = List.of(
            "usage_by_account_day",
            "meeting_instances_by_meeting",
            "events_by_meeting",
            "participant_sessions_by_meeting",
            "transcript_segments_by_meeting",
            "transcripts_by_meeting",
            "transcript_words_by_account",
            "recordings_by_meeting",
            "recordings_by_account",
            "recording_retention_by_account",
            "webhooks_by_account",
            "webhook_deliveries_by_webhook",
            "pending_webhook_deliveries",
            "call_quality_by_meeting");

    static final String REPLICATION_FACTOR_PLACEHOLDER = "${replication_factor}";

    /**
     * Schema changes wait for every node to agree on the new schema; on a busy 2-core machine that
     * can take longer than the driver's 2 s default request timeout.
     */
    private static final Duration DDL_TIMEOUT = Duration.ofSeconds(30);

    private CassandraSchema() {
    }

    /**
     * The qualified name ({@code confab.NAME}) of one of {@link #TABLES}, for a store's statements:
     * a store that names a table the schema lacks fails when its class loads, not at its first query.
     *
     * @throws IllegalArgumentException naming the table when the schema does not create it
     */
    public static String table(String name) {
        if (!TABLES.contains(name)) {
            throw new IllegalArgumentException(KEYSPACE + "." + name + " is not in storage's CassandraSchema.TABLES");
        }
        return KEYSPACE + "." + name;
    }

    public static void apply(CqlSession session, int replicationFactor) {
        for (String statement : statements(replicationFactor)) {
            session.execute(SimpleStatement.newInstance(statement).setTimeout(DDL_TIMEOUT));
        }
    }

    /** The statements {@link #apply} runs, keyspace first. */
    public static List<String> statements(int replicationFactor) {
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("Cassandra replication factor must be at least 1, got " + replicationFactor);
        }
        return CqlScript.statements(script()).stream()
                .map(statement -> statement.replace(REPLICATION_FACTOR_PLACEHOLDER, Integer.toString(replicationFactor)))
                .toList();
    }

    static String script() {
        try (InputStream in = CassandraSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
