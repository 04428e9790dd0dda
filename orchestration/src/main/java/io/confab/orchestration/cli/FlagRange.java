package io.confab.orchestration.cli;

/**
 * The values a whole-number flag takes, {@code min} to {@code max} ({@code unit} after the bounds,
 * as {@code " seconds"}, or empty). A value outside is refused in one wording for every command:
 * {@code confab bot: --duration must be between 1 and 86400 seconds, got 0}, and the command exits
 * with {@link ConfabCommand#USAGE}.
 */
record FlagRange(String flag, long min, long max, String unit) {

    /** Whether {@code value} is outside the range, after saying so on stderr for {@code command} ("turn credentials"). */
    boolean refuses(String command, long value) {
        if (value >= min && value <= max) {
            return false;
        }
        System.err.println("confab " + command + ": " + flag + " must be between " + min + " and " + max + unit + ", got " + value);
        return true;
    }
}
