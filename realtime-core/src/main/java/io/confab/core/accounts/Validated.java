package io.confab.core.accounts;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The outcome of checking input from the network: either the typed value or every problem found,
 * each naming its field. Input errors are values here, not exceptions (STYLE.md section 7); only
 * {@link #orElseThrow()} turns them into one, for callers that hold trusted input.
 */
public sealed interface Validated<T> permits Validated.Accepted, Validated.Rejected {

    record Accepted<T>(T value) implements Validated<T> {
        public Accepted {
            Objects.requireNonNull(value, "value");
        }
    }

    record Rejected<T>(List<FieldError> errors) implements Validated<T> {
        public Rejected {
            errors = List.copyOf(errors);
            if (errors.isEmpty()) {
                throw new IllegalArgumentException("a rejection names at least one problem");
            }
        }
    }

    static <T> Validated<T> accepted(T value) {
        return new Accepted<>(value);
    }

    static <T> Validated<T> rejected(List<FieldError> errors) {
        return new Rejected<>(errors);
    }

    static <T> Validated<T> rejected(String field, String message) {
        return new Rejected<>(List.of(new FieldError(field, message)));
    }

    default boolean isAccepted() {
        return this instanceof Accepted;
    }

    /** The problems found; empty when accepted. */
    default List<FieldError> errors() {
        return this instanceof Rejected<T> rejected ? rejected.errors() : List.of();
    }

    /** The value, or an {@link IllegalArgumentException} listing every problem. */
    default T orElseThrow() {
        if (this instanceof Accepted<T> accepted) {
            return accepted.value();
        }
        throw new IllegalArgumentException(
                errors().stream().map(FieldError::toString).collect(Collectors.joining("; ")));
    }
}
