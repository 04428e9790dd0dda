package io.confab.jobs.usage.intake;

import io.confab.storage.codec.EventCodec;

/**
 * What the intake needs to know of one input topic (USAGE.md "Inputs"): how to decode it, which
 * records are metered at all, the identity duplicates share, the time of the fact, and which
 * values are impossible.
 */
public interface InputKind<T extends org.apache.avro.specific.SpecificRecord> {

    EventCodec<T> codec();

    /** False for records the meter ignores (interim transcript segments, chat messages). */
    boolean metered(T value);

    /** The identity that a duplicate shares with its original. */
    String identity(T value);

    /** When the fact happened, epoch milliseconds. */
    long occurredAt(T value);

    /** Why the value cannot be metered (a missing field, a negative size), or null when it can. */
    String problem(T value);

    static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
