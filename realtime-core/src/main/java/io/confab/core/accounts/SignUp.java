package io.confab.core.accounts;

import java.util.ArrayList;
import java.util.List;

/**
 * A checked sign-up request. The password is checked but not kept: the caller hashes the same
 * array with {@link PasswordHash} and then clears it.
 */
public record SignUp(Email email, DisplayName displayName) {

    public static final String PASSWORD_FIELD = "password";

    // NIST SP 800-63B section 5.1.1.2: at least 8 characters, accept at least 64, and no
    // composition rules (they push people to predictable patterns). 128 bounds the input a
    // sign-in hashes without refusing any passphrase a person would type.
    public static final int MIN_PASSWORD = 8;
    public static final int MAX_PASSWORD = 128;

    /** Checks every field and reports every problem at once, each naming its field. */
    public static Validated<SignUp> validate(String email, String displayName, char[] password) {
        Validated<Email> checkedEmail = Email.parse(email);
        Validated<DisplayName> checkedName = DisplayName.parse(displayName);
        List<FieldError> errors = new ArrayList<>();
        errors.addAll(checkedEmail.errors());
        errors.addAll(checkedName.errors());
        String passwordProblem = passwordProblem(password);
        if (passwordProblem != null) {
            errors.add(new FieldError(PASSWORD_FIELD, passwordProblem));
        }
        if (!errors.isEmpty()) {
            return Validated.rejected(errors);
        }
        return Validated.accepted(new SignUp(checkedEmail.orElseThrow(), checkedName.orElseThrow()));
    }

    private static String passwordProblem(char[] password) {
        if (password == null || password.length == 0) {
            return "is required";
        }
        int length = 0;
        for (int i = 0; i < password.length; i++) {
            char c = password[i];
            if (Character.isHighSurrogate(c) && i + 1 < password.length
                    && Character.isLowSurrogate(password[i + 1])) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "is not valid Unicode (unpaired surrogate)";
            }
            length++;
        }
        if (length < MIN_PASSWORD || length > MAX_PASSWORD) {
            return "must be " + MIN_PASSWORD + "-" + MAX_PASSWORD + " characters, was " + length;
        }
        return null;
    }
}
