package io.confab.orchestration.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.confab.orchestration.recordings.RecordingsClient;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code confab transcripts search "words"}: where in the account's meetings the words were said, and by whom. */
@Command(name = "transcripts", mixinStandardHelpOptions = true,
        description = "Transcripts of your account through the post-meeting API.",
        subcommands = TranscriptsCommand.Search.class)
final class TranscriptsCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "search", mixinStandardHelpOptions = true,
            description = {"Segments of your account's transcripts in which every one of the words was said: meeting, time, speaker, text.",
                    "Authenticate with --token (or CONFAB_TOKEN), or --email with the password from CONFAB_PASSWORD or asked for."})
    static final class Search extends PostMeetingApiCommand {
        @Parameters(paramLabel = "WORDS", arity = "1..*", description = "The words to find (at most 8).")
        String[] words;

        @Mixin
        ApiAnswer output;

        @Override
        int callApi() throws Exception {
            JsonNode answer = access.client().send("GET", "/api/transcripts/search?q="
                    + RecordingsClient.query(String.join(" ", words)), null, Duration.ofSeconds(30));
            if (output.printedAsJson(answer)) {
                return 0;
            }
            JsonNode hits = answer.path("hits");
            if (hits.isEmpty()) {
                System.out.println("Not found.");
            }
            for (JsonNode hit : hits) {
                long ms = hit.path("startMs").asLong();
                System.out.printf(Locale.ROOT, "%-12s %-24s %02d:%02d:%02d  %s: %s%n", hit.path("meetingId").asText(),
                        hit.path("meetingStartedAt").asText(), ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60,
                        hit.path("speaker").asText(), hit.path("text").asText());
            }
            return 0;
        }
    }
}
