package io.confab.core.meetings;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a create or update request does to a meeting's passcode. Only the hash is ever stored
 * ({@link Meeting#passcodeHash()}), so the plain passcode lives just long enough to be hashed and
 * shown once in the response.
 */
public sealed interface PasscodeChange permits PasscodeChange.Keep, PasscodeChange.Remove, PasscodeChange.Replace {

    /** The request said nothing: keep the current passcode, or have none for a new meeting. */
    record Keep() implements PasscodeChange {}

    record Remove() implements PasscodeChange {}

    /** Zoom's limits, without its punctuation so a passcode can be read out on a phone. */
    record Replace(String passcode) implements PasscodeChange {

        static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9]{4,10}");

        public Replace {
            Objects.requireNonNull(passcode, "passcode");
            if (!FORMAT.matcher(passcode).matches()) {
                throw new IllegalArgumentException("a passcode is 4-10 letters and digits");
            }
        }

        /** Never prints the passcode, so a logged plan does not leak it. */
        @Override
        public String toString() {
            return "Replace[passcode=(" + passcode.length() + " characters)]";
        }
    }
}
