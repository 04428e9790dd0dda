package io.confab.orchestration.cli;

import io.confab.orchestration.recordings.RecordingsClient;
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

    @Mixin
    TranscriptFormatOption format;

    @Override
    public Integer call() throws Exception {
        var chosen = format.wanted("transcript");
        if (chosen.isEmpty()) {
            return ConfabCommand.USAGE;
        }
        String wanted = chosen.get();
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
