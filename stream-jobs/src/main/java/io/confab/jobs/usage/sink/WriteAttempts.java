package io.confab.jobs.usage.sink;

import com.datastax.oss.driver.api.core.cql.Statement;
import io.confab.jobs.recording.RetrySchedule;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One Cassandra write, tried again after a pause as {@link #SCHEDULE} says (the recording operators'
 * doubling {@link RetrySchedule}). The
 * pause is for the failure that comes in a chain: requests that time out under a burst leave their
 * stream ids orphaned, the driver closes a connection with too many of them and opens it again after
 * its reconnection delay (1 s to start with), and a write tried again at once in between is refused
 * outright ("no connection was available"). Seen twice in round heap50 (stream-jobs/README.md), where
 * the three immediate tries failed a commit and Kafka Streams replaced the stream thread. The pauses
 * together stay well under the transaction's 10 s, within which a commit waiting for them must end.
 */
final class WriteAttempts {

    /** Three tries, the second 1 s after the first and the third 2 s after that. */
    static final RetrySchedule SCHEDULE = new RetrySchedule(3, Duration.ofSeconds(1));

    private final Function<Statement<?>, CompletionStage<?>> execute;
    private final RetrySchedule schedule;

    WriteAttempts(Function<Statement<?>, CompletionStage<?>> execute) {
        this(execute, SCHEDULE);
    }

    WriteAttempts(Function<Statement<?>, CompletionStage<?>> execute, RetrySchedule schedule) {
        this.execute = execute;
        this.schedule = schedule;
    }

    /** Sends the statement; {@code done} hears null once it is written, or the last try's error after every try failed. */
    void send(Statement<?> statement, Consumer<Throwable> done) {
        attempt(statement, 1, done);
    }

    private void attempt(Statement<?> statement, int attempt, Consumer<Throwable> done) {
        execute.apply(statement).whenComplete((result, error) -> {
            if (error == null || schedule.givesUpAfter(attempt)) {
                done.accept(error);
                return;
            }
            CompletableFuture.runAsync(() -> attempt(statement, attempt + 1, done),
                    CompletableFuture.delayedExecutor(schedule.waitAfter(attempt).toMillis(), TimeUnit.MILLISECONDS));
        });
    }
}
