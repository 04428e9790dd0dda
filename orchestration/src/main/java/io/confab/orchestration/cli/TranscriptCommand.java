package io.confab.orchestration.cli;

import io.confab.orchestration.recordings.RecordingsClient;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code confab transcript MEETING [--format vtt|srt|json|txt]}: a meeting's transcript with speaker
 * names, from the post-meeting API ({@code GET /api/meetings/{id}/transcript}), printed as is.
 */
@Command(name = "transcript", mixinStandardHelpOptions = true,
        description = {"A meeting's transcript with speaker names, through the post-meeting API.",
                "Authenticate with --token (or CONFAB_TOKEN), or --email with the password from CONFAB_PASSWORD or asked for."})
final class TranscriptCommand implements Callable<Integer> {

    @Mixin
    RecordingsCommand.Access access;

    @Parameters(paramLabel = "MEETING", description = "The meeting id.")
    String meetingId;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "txt",
            description = "txt (default), vtt (WebVTT), srt or json.")
    String format;

    @Override
    public Integer call() throws Exception {
        String wanted = format.toLowerCase(Locale.ROOT);
        if (!wanted.matches("txt|vtt|srt|json")) {
            System.err.println("confab transcript: --format must be txt, vtt, srt or json, not '" + format + "'");
            return ConfabCommand.USAGE;
        }
        try {
            String body = access.client().text("/api/meetings/" + RecordingsClient.query(meetingId) + "/transcript?format=" + wanted);
            System.out.print(body.endsWith("\n") ? body : body + "\n");
            return 0;
        } catch (RecordingsClient.Failure e) {
            System.err.println("confab transcript: " + e.getMessage());
            return ConfabCommand.FAILED;
        }
    }
}
