package io.confab.core.meetingservice;

import io.confab.core.accounts.FieldError;
import io.confab.core.accounts.Validated;
import io.confab.core.http.ApiException;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns the domain's validation results into the API's 400 answers, naming fields as the JSON does. */
final class Problems {

    private static final Pattern SNAKE = Pattern.compile("_([a-z])");

    private Problems() {
    }

    /** The accepted value, or a 400 listing every problem. */
    static <T> T accept(Validated<T> validated) throws ApiException {
        if (validated instanceof Validated.Accepted<T> accepted) {
            return accepted.value();
        }
        throw ApiException.invalid(validated.errors().stream().map(Problems::describe).toList());
    }

    /** The domain names fields in snake_case; the JSON API uses camelCase. */
    static String describe(FieldError error) {
        Matcher matcher = SNAKE.matcher(error.field());
        StringBuilder camel = new StringBuilder();
        while (matcher.find()) {
            matcher.appendReplacement(camel, matcher.group(1).toUpperCase(java.util.Locale.ROOT));
        }
        matcher.appendTail(camel);
        return camel + ": " + error.message();
    }
}
