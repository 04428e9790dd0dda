package io.confab.jobs.usage.sink;

import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import com.datastax.oss.driver.api.core.cql.Statement;
import io.confab.jobs.recording.RetrySchedule;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A Cassandra write tried again after a pause, as the two usage sinks send theirs. */
class WriteAttemptsTest {

    private static final Statement<?> ROW = SimpleStatement.newInstance("INSERT INTO t (k) VALUES (1)");
    private static final RetrySchedule SCHEDULE = new RetrySchedule(3, Duration.ofMillis(200));
    private static final List<Duration> PAUSES = SCHEDULE.waits();

    private final List<Long> triedAtNanos = Collections.synchronizedList(new ArrayList<>());

    @Test
    void aWriteRefusedWhileTheConnectionIsClosedSucceedsAfterThePause() throws Exception {
        RuntimeException refused = new IllegalStateException("No connection was available to Node(127.0.0.1)");
        WriteAttempts attempts = new WriteAttempts(answering(refused, null), SCHEDULE);

        CompletableFuture<Throwable> done = new CompletableFuture<>();
        attempts.send(ROW, done::complete);

        assertNull(done.get(5, TimeUnit.SECONDS), "written on the second try");
        assertEquals(2, triedAtNanos.size());
        assertTrue(triedAtNanos.get(1) - triedAtNanos.get(0) >= PAUSES.get(0).toNanos(),
                "the second try waited the first pause, not tried at once");
    }

    @Test
    void aWriteThatFailsEveryTryReportsTheLastError() throws Exception {
        RuntimeException first = new IllegalStateException("timed out after PT2S");
        RuntimeException last = new IllegalStateException("No connection was available");
        WriteAttempts attempts = new WriteAttempts(answering(first, first, last), SCHEDULE);

        CompletableFuture<Throwable> done = new CompletableFuture<>();
        attempts.send(ROW, done::complete);

        assertSame(last, done.get(5, TimeUnit.SECONDS));
        assertEquals(WriteAttempts.SCHEDULE.attempts(), triedAtNanos.size(), "no fourth try");
        assertTrue(triedAtNanos.get(2) - triedAtNanos.get(1) >= PAUSES.get(1).toNanos(), "the third try waited the second pause");
    }

    @Test
    void aWriteThatSucceedsIsTriedOnce() throws Exception {
        WriteAttempts attempts = new WriteAttempts(answering((RuntimeException) null), SCHEDULE);

        CompletableFuture<Throwable> done = new CompletableFuture<>();
        attempts.send(ROW, done::complete);

        assertNull(done.get(5, TimeUnit.SECONDS));
        assertEquals(1, triedAtNanos.size());
    }

    @Test
    void thePausesAreOneSecondThenTwoWithinTheTransaction() {
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2)), WriteAttempts.SCHEDULE.waits());
        assertTrue(WriteAttempts.SCHEDULE.waits().stream().mapToLong(Duration::toMillis).sum() < 10_000,
                "the pauses fit in the 10 s transaction a commit waits within");
    }

    /** A driver whose tries end as given, in order: an error, or null for written. */
    private Function<Statement<?>, CompletionStage<?>> answering(RuntimeException... outcomes) {
        List<RuntimeException> inOrder = new ArrayList<>(Arrays.asList(outcomes));
        return statement -> {
            triedAtNanos.add(System.nanoTime());
            RuntimeException outcome = inOrder.remove(0);
            return outcome == null ? CompletableFuture.completedFuture("written") : CompletableFuture.failedFuture(outcome);
        };
    }
}
