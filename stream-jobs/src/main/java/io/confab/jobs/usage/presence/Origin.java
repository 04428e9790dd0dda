package io.confab.jobs.usage.presence;

/**
 * Where an input record came from, kept with a fact that may still be dead-lettered later (a
 * ParticipantLeft held for its Joined), so its dead letter carries the original bytes.
 */
public record Origin(String topic, int partition, long offset, byte[] key, byte[] value) {
}
