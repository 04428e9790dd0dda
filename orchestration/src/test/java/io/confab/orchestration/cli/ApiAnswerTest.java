package io.confab.orchestration.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code recordings list}, {@code recordings get} and {@code transcripts search} take {@code --json}
 * from one mixin ({@link ApiAnswer}), with the help text they had, and print the API's answer as
 * it came only when it is given.
 */
class ApiAnswerTest {

    @Test
    void theThreeApiCommandsListTheJsonFlagWithOneHelpTextAndTakeIt() {
        for (Object command : List.of(new RecordingsCommand.ListRecordings(), new RecordingsCommand.GetRecording(),
                new TranscriptsCommand.Search())) {
            CommandLine line = new CommandLine(command);
            String help = line.getUsageMessage(CommandLine.Help.Ansi.OFF);
            assertTrue(help.contains("      --json") && help.contains("Print the API's JSON answer."), help);
            CommandLine.Model.CommandSpec mixin = line.getCommandSpec().mixins().get("output");
            assertNotNull(mixin, line.getCommandName() + " has no ApiAnswer mixin");
            line.parseArgs(command instanceof RecordingsCommand.ListRecordings ? new String[] {"--json"} : new String[] {"--json", "x"});
            assertTrue(((ApiAnswer) mixin.userObject()).json, line.getCommandName() + " did not take --json");
        }
    }

    @Test
    void printsTheAnswerAsOneJsonLineOnlyWithTheFlag() throws Exception {
        JsonNode answer = new ObjectMapper().readTree("{\"recordings\": [{\"id\": \"r1\", \"durationSeconds\": 61}]}");
        ApiAnswer output = new ApiAnswer();
        assertEquals("", printed(output, answer));
        output.json = true;
        assertEquals("{\"recordings\":[{\"id\":\"r1\",\"durationSeconds\":61}]}" + System.lineSeparator(), printed(output, answer));
    }

    private static String printed(ApiAnswer output, JsonNode answer) throws Exception {
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            assertEquals(output.json, output.printedAsJson(answer));
        } finally {
            System.setOut(original);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
