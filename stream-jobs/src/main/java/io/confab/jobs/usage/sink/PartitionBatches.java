package io.confab.jobs.usage.sink;

import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchableStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.Statement;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Row writes grouped by their Cassandra partition into unlogged batches, so the rows of one
 * partition (a meeting's sessions, an account-day's usage) go in one request instead of one
 * each: the driver's work per request (encoding, its I/O threads, the response) was a tenth of the
 * meter's CPU (stream-jobs/README.md, Figures). A single-partition unlogged batch is applied as one
 * mutation of that partition, needs no batch log, and writing it again writes the same rows. At most
 * {@link #MAX_ROWS} rows a batch, to stay well under Cassandra's batch size warning (5 KiB).
 */
final class PartitionBatches {

    static final int MAX_ROWS = 16;

    private final Map<Object, List<BatchableStatement<?>>> byPartition = new LinkedHashMap<>();

    void add(Object partition, BatchableStatement<?> row) {
        byPartition.computeIfAbsent(partition, key -> new ArrayList<>()).add(row);
    }

    /** The statements to send, a lone row as itself, and forgets them. */
    List<Statement<?>> drain() {
        List<Statement<?>> statements = new ArrayList<>();
        for (List<BatchableStatement<?>> rows : byPartition.values()) {
            for (int from = 0; from < rows.size(); from += MAX_ROWS) {
                List<BatchableStatement<?>> part = rows.subList(from, Math.min(rows.size(), from + MAX_ROWS));
                statements.add(part.size() == 1 ? part.get(0) : BatchStatement.newInstance(DefaultBatchType.UNLOGGED, part));
            }
        }
        byPartition.clear();
        return statements;
    }

    /** Rows a statement of {@link #drain} writes. */
    static int rows(Statement<?> statement) {
        return statement instanceof BatchStatement batch ? batch.size() : 1;
    }
}
