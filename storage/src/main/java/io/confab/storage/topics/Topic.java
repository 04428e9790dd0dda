package io.confab.storage.topics;

import java.util.Map;
import java.util.Objects;

/**
 * One Kafka topic of the platform as the launcher creates it.
 *
 * @param name       the topic name; part of the public contract
 * @param key        what the record key is, in words (e.g. "meeting id"); ordering is per key
 * @param partitions partition count at creation
 * @param config     topic-level configs passed to Kafka at creation (cleanup.policy, retention.ms, ...)
 */
public record Topic(String name, String key, int partitions, Map<String, String> config) {

    /** Suffix of the dead-letter topic that belongs to each data topic. */
    public static final String DEAD_LETTER_SUFFIX = ".dlq";

    public Topic {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(key, "key");
        if (name.isBlank()) {
            throw new IllegalArgumentException("topic name must not be blank");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("topic " + name + " needs at least one partition, got " + partitions);
        }
        config = Map.copyOf(config);
    }

    public boolean isDeadLetter() {
        return name.endsWith(DEAD_LETTER_SUFFIX);
    }

    /** Name of the dead-letter topic that takes this topic's unprocessable records. */
    public String deadLetterTopicName() {
        if (isDeadLetter()) {
            throw new IllegalStateException(name + " is itself a dead-letter topic and has none of its own");
        }
        return name + DEAD_LETTER_SUFFIX;
    }
}
