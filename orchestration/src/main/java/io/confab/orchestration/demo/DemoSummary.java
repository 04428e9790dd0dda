package io.confab.orchestration.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.confab.orchestration.demo.RecordingFiles.File;
import io.confab.orchestration.demo.RecordingFiles.Recording;
import io.confab.storage.transcript.TranscriptDocument;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code confab demo} prints for a person (without {@code --json}): who heard whom, what the
 * transcript says with its speakers' names, the metered usage in minutes and megabytes, the files,
 * and the commands that show the same meeting again as the demo account.
 */
public final class DemoSummary {

    private DemoSummary() {
    }

    /** The lines for {@code result}; {@code dataDir} is the platform's, named in the commands when it is not the default. */
    public static List<String> lines(Demo.Result result, Path dataDir) {
        List<String> lines = new ArrayList<>();
        lines.add("Meeting " + result.meetingId() + (result.recordingId() == null ? "" : ", recording " + result.recordingId()));
        for (Demo.Participant participant : result.participants()) {
            var received = participant.received();
            lines.add(String.format(Locale.ROOT, "  %-6s received %,d audio and %,d video packets, decoded %,d video frames, from %s",
                    participant.name(), received.audioPackets(), received.videoPackets(), received.videoFramesDecoded(),
                    String.join(", ", received.fromParticipants())));
        }
        lines.add("The recording's packets are in Kafka topic media.packets (key " + result.meetingId() + ").");
        if (result.transcript() != null) {
            List<Map<String, Object>> segments = result.transcript().segments();
            lines.add("Transcript, as the transcription job heard it (" + segments.size() + " segment" + (segments.size() == 1 ? "" : "s") + "):");
            for (Map<String, Object> segment : segments) {
                lines.add("  [" + clock(segment.get("start")) + "] " + segment.get("speaker") + ": " + segment.get("text"));
            }
        }
        if (result.warehouse() != null) {
            lines.add("Warehouse rows of the demo account today (Parquet in S3 warehouse/): " + listed(result.warehouse(), "%d"));
        }
        if (!result.quality().isEmpty()) {
            lines.add("Mean call quality (MOS, E-model, 1 to 5) per bot: " + listed(result.quality(), "%.2f"));
        }
        if (result.usage() != null) {
            lines.add("Metered usage of the demo account this month: " + usage(result.usage().path("totals")));
        }
        if (result.invoice() != null) {
            lines.add("The demo account's invoice for " + result.invoice().path("month").asText() + " so far: "
                    + result.invoice().path("lines").size() + " line(s), total " + result.invoice().path("total").asText() + " "
                    + result.invoice().path("currency").asText() + " (confab billing preview)");
        }
        for (Recording recording : result.recordings()) {
            lines.add(String.format(Locale.ROOT, "Recording %s (%.1f s), files in S3 under recordings/.../%s/ (links valid for a day):",
                    recording.id(), recording.durationSeconds(), recording.id()));
            for (File file : recording.files()) {
                lines.add(String.format(Locale.ROOT, "  %-10s %s", file.kind(), file.url()));
            }
        }
        if (result.accountEmail() != null) {
            String as = " --email " + result.accountEmail() + dataDirFlag(dataDir);
            lines.add("The same meeting again, as the demo account:");
            lines.add("  export CONFAB_PASSWORD='" + Demo.PASSWORD + "'");
            if (result.transcript() != null) {
                lines.add("  ./confab transcript " + result.meetingId() + as);
            }
            lines.add("  ./confab recordings list" + as);
            lines.add("  ./confab quality " + result.meetingId() + as);
        }
        return lines;
    }

    /** Seconds into the recording as hh:mm:ss.mmm, the transcript's own form ({@code confab transcript} prints it too). */
    static String clock(Object seconds) {
        return TranscriptDocument.time(Math.round((seconds instanceof Number number ? number.doubleValue() : 0) * 1000), '.');
    }

    /** "name value, name value" in the map's order. */
    private static String listed(Map<String, ? extends Number> values, String valueFormat) {
        List<String> parts = new ArrayList<>();
        values.forEach((name, value) -> parts.add(name + " " + String.format(Locale.ROOT, valueFormat, value)));
        return String.join(", ", parts);
    }

    /**
     * The meter's totals as a person reads them: its durations are milliseconds, shown as minutes;
     * stored bytes as megabytes; a metric this version does not know, as the meter gave it.
     */
    static String usage(JsonNode totals) {
        List<String> parts = new ArrayList<>();
        totals.fields().forEachRemaining(total -> {
            long value = total.getValue().asLong();
            String metric = total.getKey();
            parts.add(switch (metric) {
                case "MEETING_MINUTES" -> minutes(value) + " of meetings";
                case "PARTICIPANT_MINUTES" -> minutes(value) + " of participants";
                case "RECORDING_MINUTES" -> minutes(value) + " recorded";
                case "TRANSCRIPTION_MINUTES" -> minutes(value) + " transcribed";
                case "PEAK_PARTICIPANTS" -> "at most " + value + " participant" + (value == 1 ? "" : "s") + " at once";
                case "STORAGE_BYTES" -> String.format(Locale.ROOT, "%.1f MB stored", value / 1e6);
                default -> metric + " " + value;
            });
        });
        return parts.isEmpty() ? "nothing yet" : String.join(", ", parts);
    }

    private static String minutes(long millis) {
        return String.format(Locale.ROOT, "%.1f min", millis / 60_000.0);
    }

    private static String dataDirFlag(Path dataDir) {
        boolean isDefault = dataDir.toAbsolutePath().normalize().equals(Path.of("data").toAbsolutePath().normalize());
        return isDefault ? "" : " --data-dir " + dataDir;
    }
}
