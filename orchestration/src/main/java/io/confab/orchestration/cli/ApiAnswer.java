package io.confab.orchestration.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.Option;

/**
 * {@code --json} of the commands that read the post-meeting API ({@code recordings list},
 * {@code recordings get}, {@code transcripts search}): the API's answer printed as it came, for
 * scripts, instead of the command's own lines. A picocli mixin ({@code @Mixin ApiAnswer output}).
 */
final class ApiAnswer {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--json", description = "Print the API's JSON answer.")
    boolean json;

    /** With {@code --json}, prints {@code answer} as one line and says so; the command then prints nothing else. */
    boolean printedAsJson(JsonNode answer) throws JsonProcessingException {
        if (json) {
            System.out.println(JSON.writeValueAsString(answer));
        }
        return json;
    }
}
