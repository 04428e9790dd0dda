package io.confab.orchestration.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.confab.orchestration.platform.Platform;
import io.confab.orchestration.platform.PlatformState;
import io.confab.orchestration.recordings.RecordingsClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code confab recordings list|get|download}: the post-meeting API from the terminal, on the web
 * origin of the running platform (or {@code --url}). It authenticates as the web client does:
 * a token ({@code --token} or {@code CONFAB_TOKEN}), or a sign-in with {@code --email} and the
 * password from {@code CONFAB_PASSWORD} or asked for.
 */
@Command(name = "recordings", mixinStandardHelpOptions = true,
        description = {"Cloud recordings through the post-meeting API: list them, show one with its files' links, download one.",
                "Authenticate with --token (or CONFAB_TOKEN), or --email with the password from CONFAB_PASSWORD or asked for."},
        subcommands = {RecordingsCommand.ListRecordings.class, RecordingsCommand.GetRecording.class,
                RecordingsCommand.DownloadRecording.class})
final class RecordingsCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** What every subcommand needs: where the platform is and who the caller is. */
    static final class Access {
        @Mixin
        PlatformOptions options;

        @Option(names = "--url", paramLabel = "URL", description = "Web origin to use (default: the running platform's web address).")
        String url;

        @Option(names = "--token", paramLabel = "TOKEN", description = "Bearer token of the meeting service (or CONFAB_TOKEN).")
        String token;

        @Option(names = "--email", description = "Sign in with this email instead of a token; the password comes from CONFAB_PASSWORD or is asked for.")
        String email;

        @Option(names = "--password", arity = "0..1", interactive = true, hidden = true,
                description = "Password for --email (prefer CONFAB_PASSWORD; a flag shows in the process list).")
        String password;

        RecordingsClient client() throws RecordingsClient.Failure {
            String web = url;
            if (web == null) {
                Optional<PlatformState> state = PlatformState.read(options.dataDir());
                if (state.isEmpty() || !state.get().ready()) {
                    throw new RecordingsClient.Failure("no running platform in " + options.dataDir()
                            + "; start one with './confab up', or name a web origin with --url");
                }
                web = Platform.describe(state.get().config()).web().address();
            }
            if (email != null && !email.isBlank()) {
                String secret = password;
                if (secret == null || secret.isBlank()) {
                    java.io.Console console = System.console();
                    if (console == null) {
                        throw new RecordingsClient.Failure("no password for " + email + ": set CONFAB_PASSWORD or run in a terminal");
                    }
                    char[] typed = console.readPassword("Password for %s: ", email);
                    secret = typed == null ? "" : new String(typed);
                }
                return RecordingsClient.signIn(web, email, secret);
            }
            if (token == null || token.isBlank()) {
                throw new RecordingsClient.Failure("not signed in: give --token (or set CONFAB_TOKEN) or --email");
            }
            return RecordingsClient.withToken(web, token.trim());
        }
    }

    static String duration(JsonNode recording) {
        if (!recording.hasNonNull("durationSeconds")) {
            return "-";
        }
        long s = recording.get("durationSeconds").asLong();
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Your account's recordings, newest first (a guest token: its meeting's).")
    static final class ListRecordings extends PostMeetingApiCommand {
        @Option(names = "--meeting", paramLabel = "ID", description = "Only this meeting's recordings.")
        String meeting;

        @Option(names = "--limit", defaultValue = "50", description = "At most this many (1-500; default: ${DEFAULT-VALUE}).")
        int limit;

        @Mixin
        ApiAnswer output;

        @Override
        int callApi() throws Exception {
            RecordingsClient client = access.client();
            JsonNode answer = meeting == null ? client.list(limit) : client.listOfMeeting(meeting);
            if (output.printedAsJson(answer)) {
                return 0;
            }
            JsonNode recordings = answer.path("recordings");
            if (recordings.isEmpty()) {
                System.out.println("No recordings.");
            }
            for (JsonNode r : recordings) {
                System.out.printf(Locale.ROOT, "%-38s %-12s %-22s %6s  %-9s %s%n", r.path("id").asText(),
                        r.path("meetingId").asText(), r.path("startedAt").asText(), duration(r), r.path("status").asText(),
                        String.join(", ", new ObjectMapper().convertValue(r.path("participants"), String[].class)));
            }
            return 0;
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true,
            description = "One recording with its files and a presigned link to each (the links expire, by default after 1 h).")
    static final class GetRecording extends PostMeetingApiCommand {
        @Parameters(paramLabel = "RECORDING_ID", description = "As 'confab recordings list' shows it.")
        String recordingId;

        @Option(names = "--meeting", paramLabel = "ID", description = "The recording's meeting (optional; narrows the lookup).")
        String meeting;

        @Mixin
        ApiAnswer output;

        @Override
        int callApi() throws Exception {
            JsonNode r = access.client().get(recordingId, meeting);
            if (output.printedAsJson(r)) {
                return 0;
            }
            System.out.printf("Recording %s of meeting %s, %s, %s, started %s%n", r.path("id").asText(),
                    r.path("meetingId").asText(), r.path("status").asText(), duration(r), r.path("startedAt").asText());
            for (JsonNode f : r.path("files")) {
                System.out.printf(Locale.ROOT, "  %-14s %-24s %,12d bytes  %s%n", f.path("kind").asText(), f.path("name").asText(),
                        f.path("sizeBytes").asLong(), f.path("url").asText());
            }
            return 0;
        }
    }

    @Command(name = "download", mixinStandardHelpOptions = true,
            description = "Download one file of a recording (the MP4 unless --kind says otherwise), showing progress.")
    static final class DownloadRecording extends PostMeetingApiCommand {
        @Parameters(paramLabel = "RECORDING_ID", description = "As 'confab recordings list' shows it.")
        String recordingId;

        @Option(names = "--meeting", paramLabel = "ID", description = "The recording's meeting (optional).")
        String meeting;

        @Option(names = "--kind", defaultValue = "mp4",
                description = "mp4, m4a, mp4-360p, poster, chat, chat-json, timeline... (default: ${DEFAULT-VALUE}; an audio-only recording falls back to m4a).")
        String kind;

        @Option(names = {"-o", "--output"}, paramLabel = "PATH", description = "File or directory to write (default: the file's own name here).")
        Path output;

        @Override
        int callApi() throws Exception {
            RecordingsClient client = access.client();
            JsonNode recording = client.get(recordingId, meeting);
            JsonNode file = pick(recording, kind);
            if (file == null && kind.equals("mp4")) {
                file = pick(recording, "m4a");
            }
            if (file == null) {
                StringBuilder kinds = new StringBuilder();
                recording.path("files").forEach(f -> kinds.append(kinds.isEmpty() ? "" : ", ").append(f.path("kind").asText()));
                throw new RecordingsClient.Failure("recording " + recordingId + " has no " + kind + " file; it has: "
                        + (kinds.isEmpty() ? "none yet" : kinds) + " (choose with --kind)");
            }
            String name = recordingId + "-" + file.path("name").asText();
            Path target = output == null ? Path.of(name) : Files.isDirectory(output) ? output.resolve(name) : output;
            long size = file.path("sizeBytes").asLong(-1);
            Progress progress = new Progress(file.path("name").asText(), size);
            long written = client.download(file.path("url").asText(), target, progress::update);
            progress.done(written);
            System.out.println(target.toAbsolutePath());
            return 0;
        }

        private static JsonNode pick(JsonNode recording, String kind) {
            for (JsonNode f : recording.path("files")) {
                if (f.path("kind").asText().equals(kind)) {
                    return f;
                }
            }
            return null;
        }
    }

    /** Progress on standard error, at most every 200 ms, rewriting one line. */
    static final class Progress {
        private final String name;
        private final long total;
        private long lastPrint;

        Progress(String name, long total) {
            this.name = name;
            this.total = total;
        }

        void update(long bytes) {
            long now = System.nanoTime();
            if (now - lastPrint < 200_000_000L) {
                return;
            }
            lastPrint = now;
            System.err.print("\r" + line(bytes));
        }

        void done(long bytes) {
            System.err.println("\r" + line(bytes) + " done");
        }

        private String line(long bytes) {
            if (total > 0) {
                return String.format(Locale.ROOT, "downloading %s: %3d%% %,.1f of %,.1f MB", name, Math.min(100, bytes * 100 / total),
                        bytes / 1e6, total / 1e6);
            }
            return String.format(Locale.ROOT, "downloading %s: %,.1f MB", name, bytes / 1e6);
        }
    }
}
