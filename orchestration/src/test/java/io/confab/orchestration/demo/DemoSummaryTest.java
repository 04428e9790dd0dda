package io.confab.orchestration.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.confab.bot.BotReport;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What {@code confab demo} prints for a person: the transcript's lines by speaker, usage in units, and the commands to look again. */
class DemoSummaryTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void showsTheTranscriptByTimeAndSpeakerAndTheCommandsToSeeItAgain() throws Exception {
        List<String> lines = DemoSummary.lines(result("demo-1@example.com"), Path.of("/tmp/platform"));

        assertTrue(lines.contains("Transcript, as the transcription job heard it (2 segments):"), String.join("\n", lines));
        assertTrue(lines.contains("  [00:00:05.200] Alice: Hello everyone"), String.join("\n", lines));
        assertTrue(lines.contains("  [00:01:04.000] Bob: Thanks Alice"), String.join("\n", lines));
        assertTrue(lines.contains("Warehouse rows of the demo account today (Parquet in S3 warehouse/): meetings 1, participant_sessions 2"),
                String.join("\n", lines));
        assertTrue(lines.contains("Mean call quality (MOS, E-model, 1 to 5) per bot: Alice 4.41, Bob 3.90"), String.join("\n", lines));
        assertTrue(lines.contains("  export CONFAB_PASSWORD='" + Demo.PASSWORD + "'"), String.join("\n", lines));
        assertTrue(lines.contains("  ./confab transcript 123 --email demo-1@example.com --data-dir /tmp/platform"), String.join("\n", lines));
        assertTrue(lines.contains("  ./confab quality 123 --email demo-1@example.com --data-dir /tmp/platform"), String.join("\n", lines));
        assertFalse(String.join("\n", lines).contains("{"), "no map or JSON dumped: " + lines);
    }

    @Test
    void theDefaultDataDirectoryIsNotNamedInTheCommands() throws Exception {
        List<String> lines = DemoSummary.lines(result("demo-1@example.com"), Path.of("data"));

        assertTrue(lines.contains("  ./confab recordings list --email demo-1@example.com"), String.join("\n", lines));
    }

    @Test
    void usageReadsInMinutesMegabytesAndPeople() throws Exception {
        JsonNode totals = JSON.readTree("""
                {"MEETING_MINUTES":61444,"PARTICIPANT_MINUTES":183768,"PEAK_PARTICIPANTS":3,"RECORDING_MINUTES":60405,
                 "STORAGE_BYTES":13769670,"TRANSCRIPTION_MINUTES":9540,"SOMETHING_NEW":7}""");

        assertEquals("1.0 min of meetings, 3.1 min of participants, at most 3 participants at once, 1.0 min recorded, "
                + "13.8 MB stored, 0.2 min transcribed, SOMETHING_NEW 7", DemoSummary.usage(totals));
        assertEquals("nothing yet", DemoSummary.usage(JSON.createObjectNode()));
    }

    @Test
    void clockIsHoursMinutesSecondsAndMillisecondsAsTheTranscriptCommandPrintsThem() {
        assertEquals("00:00:00.000", DemoSummary.clock(0.0));
        assertEquals("00:00:09.940", DemoSummary.clock(9.94));
        assertEquals("01:02:01.500", DemoSummary.clock(3721.5));
    }

    private static Demo.Result result(String email) throws Exception {
        BotReport.Received heard = new BotReport.Received(10, 20, 5, List.of("Bob"));
        List<Demo.Participant> participants = List.of(new Demo.Participant("Alice", "p1", heard),
                new Demo.Participant("Bob", "p2", new BotReport.Received(10, 20, 5, List.of("Alice"))));
        Demo.Transcript transcript = new Demo.Transcript(List.of(segment("Alice", 5.2, "Hello everyone"), segment("Bob", 64.0, "Thanks Alice")),
                List.of(), List.of(Map.of("url", "http://s3/transcript.json", "format", "json")));
        JsonNode usage = JSON.readTree("{\"account\":\"a1\",\"totals\":{\"MEETING_MINUTES\":60000}}");
        return new Demo.Result("123", participants, "r1", true,
                List.of(new RecordingFiles.Recording("r1", 60.4, List.of(new RecordingFiles.File("mp4", "http://s3/recording.mp4")))),
                usage, orderedLongs("meetings", 1L, "participant_sessions", 2L), orderedDoubles("Alice", 4.409, "Bob", 3.9), transcript, null, email);
    }

    private static Map<String, Long> orderedLongs(String a, long x, String b, long y) {
        Map<String, Long> map = new LinkedHashMap<>();
        map.put(a, x);
        map.put(b, y);
        return map;
    }

    private static Map<String, Double> orderedDoubles(String a, double x, String b, double y) {
        Map<String, Double> map = new LinkedHashMap<>();
        map.put(a, x);
        map.put(b, y);
        return map;
    }

    private static Map<String, Object> segment(String speaker, double start, String text) {
        Map<String, Object> segment = new LinkedHashMap<>();
        segment.put("speaker", speaker);
        segment.put("start", start);
        segment.put("end", start + 2);
        segment.put("text", text);
        return segment;
    }
}
