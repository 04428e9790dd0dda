package io.confab.orchestration.cli;

import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --format txt|vtt|srt|json}: how a command prints a transcript (the API's {@code format} parameter). */
final class TranscriptFormatOption {

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "txt",
            description = "txt (default), vtt (WebVTT), srt or json.")
    String format;

    /** The format as the API names it, or empty after saying on stderr what was wrong. */
    Optional<String> wanted(String command) {
        String wanted = format.toLowerCase(Locale.ROOT);
        if (!wanted.matches("txt|vtt|srt|json")) {
            System.err.println("confab " + command + ": --format must be txt, vtt, srt or json, not '" + format + "'");
            return Optional.empty();
        }
        return Optional.of(wanted);
    }
}
