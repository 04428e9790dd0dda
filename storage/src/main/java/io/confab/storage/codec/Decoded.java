package io.confab.storage.codec;

import java.util.Objects;

/**
 * The outcome of decoding one Kafka value: the event, or why there is none.
 *
 * <p>Bytes from a topic are input from outside the process, so a bad record is an expected event
 * (STYLE.md section 7): a job counts a {@link Failed} and sends it to the topic's dead-letter
 * topic with {@link Failed#reason()}, instead of failing the whole pipeline on one record.
 */
public sealed interface Decoded<T> {

    /** What was wrong with the bytes. */
    enum Problem {
        /** Null or zero-length value. */
        NO_DATA,
        /** Does not start with the Avro single-object marker and an 8-byte fingerprint. */
        NOT_SINGLE_OBJECT_ENCODED,
        /** The fingerprint names no schema version in the archive: written by a newer or foreign producer. */
        UNKNOWN_SCHEMA,
        /** The header is fine but the body does not decode with the schema it names. */
        MALFORMED_BODY,
        /** The body decoded but bytes were left over, so it was not what the header claimed. */
        TRAILING_BYTES
    }

    record Ok<T>(T value) implements Decoded<T> {
        public Ok {
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * @param topic   topic (or topic family, for dead letters) whose codec refused the bytes
     * @param problem the kind of failure, for counters
     * @param detail  what exactly was wrong, for people
     */
    record Failed<T>(String topic, Problem problem, String detail) implements Decoded<T> {
        public Failed {
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(problem, "problem");
            Objects.requireNonNull(detail, "detail");
        }

        /** One line naming topic, problem and detail; what goes into {@code DeadLetter.reason}. */
        public String reason() {
            return topic + ": " + problem + ": " + detail;
        }
    }

    default boolean isOk() {
        return this instanceof Ok;
    }

    /** The value, or an {@link IllegalStateException} with the failure's reason. */
    default T orElseThrow() {
        if (this instanceof Ok<T> ok) {
            return ok.value();
        }
        throw new IllegalStateException(((Failed<T>) this).reason());
    }
}
