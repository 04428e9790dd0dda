package io.confab.orchestration.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.confab.orchestration.recordings.RecordingsClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code confab transcribe RECORDING} or {@code confab transcribe --file AUDIO}: a transcript asked
 * for after the fact, through the post-meeting API. Shows the job's progress, then prints the
 * transcript (or, with {@code --no-wait}, where to follow it).
 */
@Command(name = "transcribe", mixinStandardHelpOptions = true,
        description = {"Transcribe a stored recording (each participant's track under their name) or an audio file "
                + "(diarized into Speaker 1..N), then print the transcript.",
                "Authenticate with --token (or CONFAB_TOKEN), or --email with the password from CONFAB_PASSWORD or asked for."})
final class TranscribeCommand extends PostMeetingApiCommand {

    @Parameters(paramLabel = "RECORDING", arity = "0..1", description = "The recording id (see 'confab recordings list').")
    String recordingId;

    @Option(names = "--meeting", paramLabel = "MEETING", description = "The recording's meeting id (narrows the lookup).")
    String meetingId;

    @Option(names = "--file", paramLabel = "AUDIO", description = "An audio file to upload and transcribe instead (WAV, M4A, MP3, Ogg, WebM...).")
    Path file;

    @Option(names = "--speakers", paramLabel = "N", defaultValue = "6",
            description = "At most this many speakers on a shared channel (default 6).")
    int speakers;

    @Mixin
    TranscriptFormatOption format;

    @Option(names = "--no-wait", description = "Print where to follow the transcript and return at once.")
    boolean noWait;

    @Option(names = "--timeout", paramLabel = "MINUTES", defaultValue = "120", description = "Give up waiting after this long (default 120).")
    long timeoutMinutes;

    @Override
    int callApi() throws Exception {
        var chosen = format.wanted("transcribe");
        if (chosen.isEmpty()) {
            return ConfabCommand.USAGE;
        }
        String wanted = chosen.get();
        if ((recordingId == null) == (file == null)) {
            System.err.println("confab transcribe: give either a RECORDING id or --file AUDIO (see --help)");
            return ConfabCommand.USAGE;
        }
        if (file != null && !Files.isReadable(file)) {
            System.err.println("confab transcribe: " + file + ": no such readable file");
            return ConfabCommand.USAGE;
        }
        RecordingsClient client = access.client();
        JsonNode queued;
        if (file != null) {
            System.err.printf("uploading %s (%d KiB)...%n", file.getFileName(), Files.size(file) / 1024);
            queued = client.upload("/api/transcripts/uploads?name=" + RecordingsClient.query(file.getFileName().toString())
                    + "&speakers=" + speakers, file, contentType(file), Duration.ofMinutes(30));
        } else {
            queued = client.send("POST", "/api/recordings/" + RecordingsClient.query(recordingId) + "/transcript?speakers=" + speakers
                    + (meetingId == null ? "" : "&meetingId=" + RecordingsClient.query(meetingId)), null, Duration.ofSeconds(30));
        }
        String meeting = queued.path("meetingId").asText();
        System.err.printf("queued: %d audio file(s)%s; transcript of %s%n", queued.path("audioFiles").asInt(),
                queued.path("diarized").asBoolean() ? ", speakers found by their voices" : ", one track per participant", meeting);
        if (noWait) {
            System.out.println(meeting);
            return 0;
        }
        return await(client, meeting, wanted);
    }

    private int await(RecordingsClient client, String meeting, String wanted) throws Exception {
        String path = TranscriptCommand.path(meeting);
        long deadline = System.nanoTime() + Duration.ofMinutes(timeoutMinutes).toNanos();
        String shown = "";
        while (true) {
            JsonNode run = client.send("GET", path, null, Duration.ofSeconds(30));
            String status = run.path("status").asText();
            String line = status.equals("RUNNING") ? String.format(Locale.ROOT, "transcribing: %.0f%%", 100 * run.path("progress").asDouble())
                    : status.toLowerCase(Locale.ROOT);
            if (!line.equals(shown)) {
                System.err.println(line);
                shown = line;
            }
            if (status.equals("READY")) {
                TranscriptCommand.print(client, meeting, wanted);
                return 0;
            }
            if (status.equals("FAILED")) {
                System.err.println("confab transcribe: the transcription failed: " + run.path("error").asText());
                return ConfabCommand.FAILED;
            }
            if (System.nanoTime() > deadline) {
                System.err.println("confab transcribe: still " + status + " after " + timeoutMinutes + " min; follow it with"
                        + " 'confab transcript " + meeting + "'");
                return ConfabCommand.FAILED;
            }
            Thread.sleep(1000);
        }
    }

    private static String contentType(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        return switch (dot < 0 ? "" : name.substring(dot + 1)) {
            case "wav" -> "audio/wav";
            case "mp3" -> "audio/mpeg";
            case "m4a", "mp4" -> "audio/mp4";
            case "ogg", "opus" -> "audio/ogg";
            case "webm" -> "audio/webm";
            case "flac" -> "audio/flac";
            default -> "application/octet-stream";
        };
    }
}
