package io.confab.orchestration.cli;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code confab status}'s table: its columns line up whatever the widest address is. */
class StatusTableTest {

    @Test
    void columnsLineUpBehindTheWidestAddress() {
        List<String> lines = StatusCommand.aligned(List.of(
                new StatusCommand.Row("kafka", "127.0.0.1:25776", "healthy", "1 broker(s)"),
                new StatusCommand.Row("turn", "turn:127.0.0.1:25457 (udp, tcp), turns:127.0.0.1:26099", "healthy", "STUN binding answered"),
                new StatusCommand.Row("sfu", "udp 127.0.0.1:25181", "UNHEALTHY", "no answer")));
        assertEquals(3, lines.size());
        int health = lines.get(1).indexOf("healthy");
        assertEquals(health, lines.get(0).indexOf("healthy"), lines.toString());
        assertEquals(health, lines.get(2).indexOf("UNHEALTHY"), lines.toString());
        int detail = lines.get(2).indexOf("no answer");
        assertEquals(detail, lines.get(0).indexOf("1 broker(s)"), lines.toString());
        assertEquals(detail, lines.get(1).indexOf("STUN binding answered"), lines.toString());
        assertEquals("kafka  127.0.0.1:25776", lines.get(0).substring(0, "kafka  127.0.0.1:25776".length()));
    }

    @Test
    void aRowWithoutDetailHasNoTrailingSpaces() {
        List<String> lines = StatusCommand.aligned(List.of(new StatusCommand.Row("web", "http://127.0.0.1:1", "healthy", "")));
        assertEquals("web  http://127.0.0.1:1  healthy", lines.get(0));
    }
}
