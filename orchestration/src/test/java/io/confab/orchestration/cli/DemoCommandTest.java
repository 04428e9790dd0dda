package io.confab.orchestration.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.confab.orchestration.Cli;
import io.confab.orchestration.SharedPlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code confab demo --json} against the running platform: its contract fields, and that everyone heard everyone. */
@ExtendWith(SharedPlatform.class)
class DemoCommandTest {

    @Test
    void theDemoMeetingReportsWhatEachBotReceived(SharedPlatform.Running running) throws Exception {
        Cli.Result result = Cli.run(Duration.ofSeconds(240), "demo", "--json", "--seconds", "15",
                "--data-dir", running.platform().config().dataDir().toString());
        assertEquals(0, result.exitCode(), result.out() + result.err());
        assertTrue(result.err().contains("espeak-ng"), "progress is shown on stderr: " + result.err());
        JsonNode demo = new ObjectMapper().readTree(result.out());
        assertTrue(demo.path("meetingId").asText().matches("\\d{10,11}"), demo.toString());
        List<String> names = new ArrayList<>();
        demo.path("participants").forEach(p -> names.add(p.path("name").asText()));
        assertEquals(List.of("Alice", "Bob", "Carol"), names);
        for (JsonNode participant : demo.path("participants")) {
            JsonNode received = participant.path("received");
            assertTrue(received.path("audioPackets").asLong() > 200, participant.toString());
            assertTrue(received.path("videoPackets").asLong() > 100, participant.toString());
            assertTrue(received.path("videoFramesDecoded").asLong() > 50, participant.toString());
            List<String> from = new ArrayList<>();
            received.path("fromParticipants").forEach(n -> from.add(n.asText()));
            List<String> others = new ArrayList<>(names);
            others.remove(participant.path("name").asText());
            assertEquals(others, from, participant.toString());
        }
        assertTrue(demo.path("speech").asBoolean(), "espeak-ng is a test package; the bots should speak words");
    }
}
