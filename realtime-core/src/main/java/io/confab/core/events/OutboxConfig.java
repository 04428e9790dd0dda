package io.confab.core.events;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How meeting events wait and how long Kafka gets for each.
 *
 * @param queueCapacity   room events ({@code --event-queue-capacity}) held in memory on their way to
 *                        PostgreSQL; one more is refused, counted and logged, never waited for (the
 *                        rooms' event loops must not block). Events that change a row in PostgreSQL
 *                        (meeting started, ended, recording) are never refused.
 * @param deliveryTimeout {@code --kafka-delivery-timeout-seconds}: how long the producer retries one
 *                        record before it counts as failed and the relay switches to recovering from
 *                        the table. The events are in PostgreSQL, so this bounds only how soon an
 *                        outage is noticed: tests use 15 s to hold a 40 s outage rather than 15 minutes.
 */
public record OutboxConfig(int queueCapacity, Duration deliveryTimeout) {

    public static final List<String> KEYS = List.of("event-queue-capacity", "kafka-delivery-timeout-seconds");

    /** 20,000 events of a few hundred bytes each is a few MB of heap: far from the 512 MB the launcher gives. */
    public static final OutboxConfig DEFAULTS = new OutboxConfig(20_000, Duration.ofSeconds(120));

    public OutboxConfig {
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("--event-queue-capacity must be at least 1, got " + queueCapacity);
        }
        if (deliveryTimeout.toSeconds() < 5) {
            throw new IllegalArgumentException("--kafka-delivery-timeout-seconds must be at least 5, got "
                    + deliveryTimeout.toSeconds());
        }
    }

    /** Reads the keys of {@link #KEYS} from {@code values}, adding a line per bad one to {@code problems}. */
    public static OutboxConfig parse(Map<String, String> values, List<String> problems) {
        int capacity = number(values, "event-queue-capacity", DEFAULTS.queueCapacity(), 1, 10_000_000, problems);
        int timeout = number(values, "kafka-delivery-timeout-seconds", (int) DEFAULTS.deliveryTimeout().toSeconds(),
                5, 24 * 3600, problems);
        return new OutboxConfig(Math.max(capacity, 1), Duration.ofSeconds(Math.max(timeout, 5)));
    }

    private static int number(Map<String, String> values, String key, int fallback, int min, int max, List<String> problems) {
        String text = values.get(key);
        if (text == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text);
            if (value < min || value > max) {
                problems.add("--" + key + " must be between " + min + " and " + max + ", got " + value);
                return fallback;
            }
            return value;
        } catch (NumberFormatException e) {
            problems.add("--" + key + " must be a number, got '" + text + "'");
            return fallback;
        }
    }
}
