package io.confab.jobs.usage.sink;

import com.datastax.oss.driver.api.core.cql.Statement;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * One Cassandra write, tried up to {@link #ATTEMPTS} times with a pause before each try again. The
 * pause is for the failure that comes in a chain: requests that time out under a burst leave their
 * stream ids orphaned, the driver closes a connection with too many of them and opens it again after
 * its reconnection delay (1 s to start with), and a write tried again at once in between is refused
 * outright ("no connection was available"). Seen twice in round heap50 (stream-jobs/README.md), where
 * the three immediate tries failed a commit and Kafka Streams replaced the stream thread. The pauses
 * together stay well under the transaction's 10 s, within which a commit waiting for them must end.
 */
final class WriteAttempts {

    static final int ATTEMPTS = 3;
    /** Before the second try and before the third. */
    static final List<Duration> PAUSES = List.of(Duration.ofSeconds(1), Duration.ofSeconds(2));

    private final Function<Statement<?>, CompletionStage<?>> execute;
    private final List<Duration> pauses;

    WriteAttempts(Function<Statement<?>, CompletionStage<?>> execute) {
        this(execute, PAUSES);
    }

    WriteAttempts(Function<Statement<?>, CompletionStage<?>> execute, List<Duration> pauses) {
        if (pauses.size() != ATTEMPTS - 1) {
            throw new IllegalArgumentException(ATTEMPTS + " attempts need " + (ATTEMPTS - 1) + " pauses, got " + pauses);
        }
        this.execute = execute;
        this.pauses = List.copyOf(pauses);
    }

    /** Sends the statement; {@code done} hears null once it is written, or the last try's error after every try failed. */
    void send(Statement<?> statement, Consumer<Throwable> done) {
        attempt(statement, 1, done);
    }

    private void attempt(Statement<?> statement, int attempt, Consumer<Throwable> done) {
        execute.apply(statement).whenComplete((result, error) -> {
            if (error == null || attempt == ATTEMPTS) {
                done.accept(error);
                return;
            }
            long pauseMs = pauses.get(attempt - 1).toMillis();
            CompletableFuture.runAsync(() -> attempt(statement, attempt + 1, done),
                    CompletableFuture.delayedExecutor(pauseMs, TimeUnit.MILLISECONDS));
        });
    }
}
