package io.confab.core.events;

import java.time.Duration;

/**
 * How meeting events wait and how long Kafka gets for each.
 *
 * @param queueCapacity   room events ({@code event-queue-capacity} in the reference file) held in memory on their way to
 *                        PostgreSQL; one more is refused, counted and logged, never waited for (the
 *                        rooms' event loops must not block). Events that change a row in PostgreSQL
 *                        (meeting started, ended, recording) are never refused.
 * @param deliveryTimeout {@code kafka-delivery-timeout-seconds}: how long the producer retries one
 *                        record before it counts as failed and the relay switches to recovering from
 *                        the table. The events are in PostgreSQL, so this bounds only how soon an
 *                        outage is noticed: tests use 15 s to hold a 40 s outage rather than 15 minutes.
 */
public record OutboxConfig(int queueCapacity, Duration deliveryTimeout) {

    public OutboxConfig {
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("--event-queue-capacity must be at least 1, got " + queueCapacity);
        }
        if (deliveryTimeout.toSeconds() < 5) {
            throw new IllegalArgumentException("--kafka-delivery-timeout-seconds must be at least 5, got "
                    + deliveryTimeout.toSeconds());
        }
    }
}
