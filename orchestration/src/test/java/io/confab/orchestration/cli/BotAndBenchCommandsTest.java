package io.confab.orchestration.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.confab.bot.Bot;
import io.confab.bot.BotReport;
import io.confab.bot.source.SyntheticAudio;
import io.confab.bot.source.SyntheticVideo;
import io.confab.orchestration.Cli;
import io.confab.orchestration.SharedPlatform;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code confab bot} and {@code confab bench sfu} as scripts use them, against the running platform. */
@ExtendWith(SharedPlatform.class)
class BotAndBenchCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void theBotCommandJoinsAndPrintsWhatItReceived(SharedPlatform.Running running) throws Exception {
        String web = running.platform().web().address();
        String meetingId = meeting(web);
        // Pat stays until Quinn's command has finished, however long its JVM takes to start.
        Bot pat = new Bot(new Bot.Options(web, meetingId, "Pat", null, null, Duration.ofMinutes(3), true),
                new SyntheticAudio(40), new SyntheticVideo(300_000, 640, 360));
        CompletableFuture<BotReport> other = CompletableFuture.supplyAsync(() -> {
            try (pat) {
                return pat.run();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Cli.Result result;
        try {
            result = Cli.run(Duration.ofSeconds(120), "bot", "--meeting", meetingId, "--name", "Quinn", "--duration", "12",
                    "--no-simulcast", "--data-dir", running.platform().config().dataDir().toString());
        } finally {
            pat.leave();
        }
        assertEquals(0, result.exitCode(), result.out() + result.err());
        JsonNode report = JSON.readTree(result.out());
        assertEquals("Quinn", report.path("name").asText());
        assertEquals("Pat", report.path("received").path("fromParticipants").path(0).asText(), report.toString());
        assertTrue(report.path("received").path("audioPackets").asLong() > 100, report.toString());
        assertTrue(report.path("received").path("videoPackets").asLong() > 50, report.toString());
        assertTrue(report.path("sent").path("videoFrames").asLong() > 100, report.toString());
        assertEquals(1, report.path("sent").path("layers").size(), "--no-simulcast sends one layer: " + report);
        // A clean meeting on loopback: every field of "dropped" is there, and nothing failed SRTP or the socket.
        for (String field : List.of("signalingFrames", "rtcpPackets", "audioFrames", "videoPictures", "srtpPackets",
                "unreadableDatagrams", "socketErrors", "sendsRefused")) {
            assertTrue(report.path("dropped").has(field), "dropped." + field + " missing: " + report);
        }
        assertEquals(0, report.path("dropped").path("srtpPackets").asLong(), report.toString());
        assertEquals(0, report.path("dropped").path("socketErrors").asLong(), report.toString());
        BotReport patReport = other.get();
        assertEquals(List.of("Quinn"), patReport.received().fromParticipants(), patReport.toString());

        Cli.Result refused = Cli.run(Duration.ofSeconds(60), "bot", "--meeting", meetingId, "--audio", "/no/such.wav",
                "--data-dir", running.platform().config().dataDir().toString());
        assertEquals(2, refused.exitCode());
        assertTrue(refused.err().contains("/no/such.wav"), refused.err());

        Cli.Result tooManyLayers = Cli.run(Duration.ofSeconds(60), "bot", "--meeting", meetingId, "--layers", "4",
                "--data-dir", running.platform().config().dataDir().toString());
        assertEquals(2, tooManyLayers.exitCode(), tooManyLayers.err());
        assertTrue(tooManyLayers.err().contains("--layers must be 1, 2 or 3"), tooManyLayers.err());
    }

    @Test
    void theSfuBenchRunsWithTinyNumbersAndReportsItsFields(SharedPlatform.Running running) throws Exception {
        Cli.Result result = Cli.run(Duration.ofSeconds(240), "bench", "sfu", "--participants", "3", "--seconds", "3",
                "--video-kbps", "300", "--runs", "2", "--json", "--data-dir", running.platform().config().dataDir().toString());
        assertEquals(0, result.exitCode(), result.out() + result.err());
        JsonNode figures = JSON.readTree(result.out());
        for (String field : List.of("forwardedPerSecond", "sfuCpuCores", "forwardedPerCpuSecond", "cpuPercentPerVideoStream",
                "largestMeetingPerCore", "latencyP50Ms", "latencyP99Ms", "receiveLossPercent")) {
            assertTrue(figures.has(field), "missing " + field + ": " + figures);
        }
        assertTrue(figures.path("forwardedPackets").asLong() > 0, figures.toString());
        assertEquals(6, figures.path("forwardedVideoStreams").asInt());
        assertEquals(2, figures.path("eachRun").size(), figures.toString());
        assertTrue(result.err().contains("run 2 of 2"), result.err());
        JsonNode spread = figures.path("spread").path("forwardedPerCpuSecond");
        assertEquals(2, spread.path("values").size(), figures.toString());
        assertTrue(spread.path("min").asDouble() <= figures.path("forwardedPerCpuSecond").asDouble()
                && figures.path("forwardedPerCpuSecond").asDouble() <= spread.path("max").asDouble(), "the median run is within the range: " + figures);
        assertTrue(figures.path("loadGeneratorCpuCores").asDouble() > 0, "the bots' own CPU: " + figures);
        assertTrue(figures.path("machineCpuCores").asDouble() >= figures.path("sfuCpuCores").asDouble(),
                "the whole machine's CPU includes the SFU's: " + figures);
        assertEquals(10, figures.path("nice").asInt(), "the bots run at nice 10 unless told: " + figures);
        assertTrue(result.err().contains("run at nice 10"), "the bots' priority is said: " + result.err());
        // The one meeting sits on one media thread, and that thread did the forwarding.
        JsonNode threads = figures.path("mediaThreads");
        assertTrue(threads.size() >= 1, figures.toString());
        int meetings = 0;
        for (JsonNode thread : threads) {
            meetings += thread.path("meetings").asInt();
            if (thread.path("meetings").asInt() == 1) {
                assertTrue(thread.path("forwardedPackets").asLong() > 0, "the meeting's thread forwarded: " + threads);
                assertTrue(thread.path("runningCores").asDouble() > 0, "the meeting's thread ran: " + threads);
            }
        }
        assertEquals(1, meetings, "one meeting on one media thread: " + threads);
        assertTrue(result.err().contains("media thread 0:"), "each run's media threads on stderr: " + result.err());
        // Simulcast by default: three in a gallery get each other's 360p layer, 640 pixels wide.
        assertEquals(3, figures.path("layers").asInt(), figures.toString());
        assertEquals(6, figures.path("receivedWidths").path("640").asInt(), figures.toString());
    }

    @Test
    void theCaptionsBenchCaptionsEverySpeakerAndReportsTheJobsCpu(SharedPlatform.Running running) throws Exception {
        // A generous --wait: on a loaded machine the first meeting's captions can come tens of seconds late.
        Cli.Result result = Cli.run(Duration.ofSeconds(300), "bench", "captions", "--participants", "2", "--wait", "120", "--json",
                "--data-dir", running.platform().config().dataDir().toString());
        assertEquals(0, result.exitCode(), result.out() + result.err());
        assertTrue(result.err().contains("2 speakers joined"), "progress on stderr: " + result.err());
        JsonNode figures = JSON.readTree(result.out());
        assertEquals(2, figures.path("participants").asInt());
        assertEquals(2, figures.path("speakersCaptioned").asInt(), figures.toString());
        for (JsonNode speaker : figures.path("speakers")) {
            assertTrue(speaker.path("finals").asInt() > 0, "a final caption from each speaker: " + figures);
            // Measured from the end of the sentence, so no caption of the whole sentence can come before it.
            assertTrue(speaker.path("latencyMs").asLong() > 0, figures.toString());
            assertTrue(speaker.path("wer").asDouble() < 0.8, "the captions say what the speaker said: " + figures);
            // The latency's split: each final caption was seen on transcript.segments, and the hops add up to it.
            JsonNode hops = speaker.path("hops");
            assertTrue(hops.path("jobMs").asLong() >= 0 && hops.path("feedMs").asLong() >= 0, "each caption's hops: " + figures);
            assertEquals(speaker.path("latencyMs").asLong(),
                    hops.path("speechMs").asLong() + hops.path("jobMs").asLong() + hops.path("feedMs").asLong(), figures.toString());
        }
        assertTrue(figures.path("taskManagerCpuCores").asDouble() > 0, "the job's CPU was read: " + figures);
        assertTrue(figures.path("breakdown").path("realtimeCoreCpuCores").asDouble() > 0, "realtime-core's CPU was read: " + figures);
        // The operator's thread was found in the task manager and its shares of the meeting add up.
        JsonNode thread = figures.path("breakdown").path("transcriberThread");
        assertEquals(1.0, thread.path("running").asDouble() + thread.path("waiting").asDouble() + thread.path("blocked").asDouble(), 0.01,
                "the transcription thread's time: " + figures);
        assertTrue(thread.path("running").asDouble() > 0, "the operator ran: " + figures);
        assertTrue(figures.path("tracksPerTaskManagerCore").isNumber(), figures.toString());
        assertTrue(figures.path("latencyP95Ms").asDouble() >= figures.path("latencyP50Ms").asDouble(), figures.toString());
    }

    /** A host signs up and in and opens an instant meeting; each step's answer is checked, so a refusal names itself. */
    private static String meeting(String web) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String credentials = "\"email\":\"bots-" + UUID.randomUUID() + "@example.com\",\"password\":\"a long passphrase\"";
        HttpResponse<String> accepted = post(http, web + "/api/auth/signup", "{" + credentials + ",\"displayName\":\"Ola\"}", null);
        assertEquals(202, accepted.statusCode(), "sign-up: " + accepted.body());
        HttpResponse<String> session = post(http, web + "/api/auth/signin", "{" + credentials + "}", null);
        assertEquals(200, session.statusCode(), "sign-in after sign-up: " + session.body());
        String token = JSON.readTree(session.body()).path("token").asText();
        String body = "{\"topic\":\"Bots\",\"type\":\"INSTANT\",\"settings\":{\"waitingRoom\":false,\"joinBeforeHost\":true}}";
        HttpResponse<String> created = post(http, web + "/api/meetings", body, token);
        assertEquals(201, created.statusCode(), "create meeting: " + created.body());
        return JSON.readTree(created.body()).path("id").asText();
    }

    private static HttpResponse<String> post(HttpClient http, String url, String json, String bearer) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .POST(HttpRequest.BodyPublishers.ofString(json)).header("Content-Type", "application/json");
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
