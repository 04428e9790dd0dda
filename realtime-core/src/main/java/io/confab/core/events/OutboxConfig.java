package io.confab.core.events;

import java.time.Duration;

/**
 * How meeting events wait, how they are gathered into transactions and how long Kafka gets for each
 * (the keys of realtime-core's reference file, "Meeting events").
 *
 * @param queueCapacity   room events ({@code event-queue-capacity}) held in memory on their way to
 *                        PostgreSQL; one more is refused, counted and logged, never waited for (the
 *                        rooms' event loops must not block). Events that change a row in PostgreSQL
 *                        (meeting started, ended, recording) are never refused.
 * @param deliveryTimeout {@code kafka-delivery-timeout-seconds}: how long the producer retries one
 *                        record before it counts as failed and the relay switches to recovering from
 *                        the table. The events are in PostgreSQL, so this bounds only how soon an
 *                        outage is noticed: the shared test platform uses 15 s.
 * @param groupRows       {@code event-group-rows}: events at most in one outbox transaction (3 statement
 *                        parameters each, so far below PostgreSQL's 65,535 up to 20,000)
 * @param groupLinger     {@code event-group-linger-ms}: how long the writer gathers more events after
 *                        the first before it commits; events already went to Kafka on the fast path, so
 *                        this costs no delay there and buys fewer, larger transactions
 * @param relayBatch      {@code outbox-relay-batch}: rows the relay reads and sends at a time while it
 *                        recovers from the table, each batch flushed and acknowledged before the next
 */
public record OutboxConfig(int queueCapacity, Duration deliveryTimeout, int groupRows, Duration groupLinger, int relayBatch) {

    /** The reference file's values of the gathering keys, for callers that set only the first two. */
    public OutboxConfig(int queueCapacity, Duration deliveryTimeout) {
        this(queueCapacity, deliveryTimeout, 1000, Duration.ofMillis(20), 500);
    }

    public OutboxConfig {
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("--event-queue-capacity must be at least 1, got " + queueCapacity);
        }
        if (deliveryTimeout.toSeconds() < 5) {
            throw new IllegalArgumentException("--kafka-delivery-timeout-seconds must be at least 5, got "
                    + deliveryTimeout.toSeconds());
        }
        if (groupRows < 1 || groupRows > 20_000) {
            throw new IllegalArgumentException("--event-group-rows must be 1-20000, got " + groupRows);
        }
        if (groupLinger.isNegative() || groupLinger.toMillis() > 1000) {
            throw new IllegalArgumentException("--event-group-linger-ms must be 0-1000, got " + groupLinger.toMillis());
        }
        if (relayBatch < 1 || relayBatch > 100_000) {
            throw new IllegalArgumentException("--outbox-relay-batch must be 1-100000, got " + relayBatch);
        }
    }
}
