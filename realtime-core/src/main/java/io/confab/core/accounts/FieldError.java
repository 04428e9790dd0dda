package io.confab.core.accounts;

import java.util.Objects;

/**
 * One problem with one field of a request, named as the field is named in the JSON body
 * ({@code display_name}, {@code recurrence.count}), so an HTTP 400 body can list them as they are.
 */
public record FieldError(String field, String message) {

    public FieldError {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
