package io.confab.jobs.usage.sink;

import com.datastax.oss.driver.api.core.cql.BatchStatement;
import com.datastax.oss.driver.api.core.cql.BatchableStatement;
import com.datastax.oss.driver.api.core.cql.DefaultBatchType;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Rows grouped by partition into unlogged batches of at most 16, a lone row sent as itself. */
class PartitionBatchesTest {

    @Test
    void groupsRowsByPartitionInBatchesOfAtMostSixteenAndSendsALoneRowAsItself() {
        PartitionBatches batches = new PartitionBatches();
        List<SimpleStatement> meetingA = rows("a", 20);
        List<SimpleStatement> meetingB = rows("b", 3);
        SimpleStatement lone = SimpleStatement.newInstance("INSERT c");
        // Interleaved, as a commit's rows come: each partition's rows still go together, in order.
        for (int i = 0; i < 20; i++) {
            batches.add("a", meetingA.get(i));
            if (i < 3) {
                batches.add("b", meetingB.get(i));
            }
        }
        batches.add("c", lone);

        List<Statement<?>> sent = batches.drain();

        assertEquals(4, sent.size(), "a: 16 + 4, b: 3, c: alone");
        assertEquals(meetingA.subList(0, 16), statementsOf(sent.get(0)));
        assertEquals(meetingA.subList(16, 20), statementsOf(sent.get(1)));
        assertEquals(meetingB, statementsOf(sent.get(2)));
        assertSame(lone, sent.get(3));
        for (Statement<?> statement : sent.subList(0, 3)) {
            assertEquals(DefaultBatchType.UNLOGGED, ((BatchStatement) statement).getBatchType());
        }
        assertEquals(24, sent.stream().mapToInt(PartitionBatches::rows).sum(), "every row once");
        assertTrue(batches.drain().isEmpty(), "drained rows are not sent again");
    }

    private static List<SimpleStatement> rows(String partition, int count) {
        List<SimpleStatement> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(SimpleStatement.newInstance("INSERT " + partition + " " + i));
        }
        return rows;
    }

    private static List<BatchableStatement<?>> statementsOf(Statement<?> statement) {
        List<BatchableStatement<?>> rows = new ArrayList<>();
        ((BatchStatement) statement).forEach(rows::add);
        return rows;
    }
}
