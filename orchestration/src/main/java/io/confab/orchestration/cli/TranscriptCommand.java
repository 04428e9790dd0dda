package io.confab.orchestration.cli;

import io.confab.orchestration.recordings.RecordingsClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code confab transcript MEETING [--format vtt|srt|json|txt]}: a meeting's transcript with speaker
 * names, from the post-meeting API ({@code GET /api/meetings/{id}/transcript}), printed as is.
 */
@Command(name = "transcript", mixinStandardHelpOptions = true,
        description = {"A meeting's transcript with speaker names, through the post-meeting API.",
                "Authenticate with --token (or CONFAB_TOKEN), or --email with the password from CONFAB_PASSWORD or asked for."})
final class TranscriptCommand extends PostMeetingApiCommand {

    @Parameters(paramLabel = "MEETING", description = "The meeting id.")
    String meetingId;

    @Mixin
    TranscriptFormatOption format;

    @Override
    int callApi() throws Exception {
        var chosen = format.wanted("transcript");
        if (chosen.isEmpty()) {
            return ConfabCommand.USAGE;
        }
        print(access.client(), meetingId, chosen.get());
        return 0;
    }

    /**
     * The meeting's transcript in {@code format} ({@link TranscriptFormatOption#wanted}) as the API gives
     * it, on stdout and ending in a newline: what {@code confab transcript} prints, and {@code confab
     * transcribe} once its job is done.
     */
    static void print(RecordingsClient client, String meeting, String format) throws RecordingsClient.Failure {
        String body = client.text(path(meeting) + "?format=" + format);
        System.out.print(body.endsWith("\n") ? body : body + "\n");
    }

    /** The post-meeting API's place of a meeting's transcript: its text here, its job's state for {@code confab transcribe}. */
    static String path(String meeting) {
        return "/api/meetings/" + RecordingsClient.query(meeting) + "/transcript";
    }
}
