package io.confab.orchestration.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The demo's analytics: the demo account's warehouse rows of the demo day (after the export has run)
 * and each bot's mean MOS, both through the web origin as an analyst would ask (POST /api/data/query,
 * GET /api/data/meetings/{id}/quality).
 */
final class DemoAnalytics {

    /** Each warehouse table and the SQL that counts its rows of one day through its view. */
    private static final Map<String, String> COUNTS = new LinkedHashMap<>();

    static {
        COUNTS.put("meetings", "SELECT count(*) FROM meetings WHERE date = DATE '%s'");
        COUNTS.put("participant_sessions", "SELECT count(*) FROM participant_sessions WHERE date = DATE '%s'");
        COUNTS.put("media_quality", "SELECT count(*) FROM media_quality WHERE date = DATE '%s'");
        COUNTS.put("usage", "SELECT coalesce(sum(records), 0) FROM usage_daily WHERE date = DATE '%s'");
        COUNTS.put("meeting_events", "SELECT count(*) FROM meeting_events WHERE date = DATE '%s'");
        COUNTS.put("recordings", "SELECT count(*) FROM recordings WHERE date = DATE '%s'");
        COUNTS.put("transcripts", "SELECT count(*) FROM transcripts WHERE date = DATE '%s'");
    }

    /** How long the bots' MOS may take to appear: data-api scores media.quality as it arrives. */
    static final Duration QUALITY_WAIT = Duration.ofSeconds(30);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String web;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    DemoAnalytics(String web, String token) {
        this.web = web;
        this.token = token;
    }

    /** Rows per table on the day; a table without files for the account that day counts 0. */
    Map<String, Long> warehouse(LocalDate day) throws IOException, InterruptedException {
        Map<String, Long> rows = new LinkedHashMap<>();
        for (Map.Entry<String, String> count : COUNTS.entrySet()) {
            HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create(web + "/api/data/query"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("sql", String.format(count.getValue(), day))))));
            rows.put(count.getKey(), answer.statusCode() == 200 ? JSON.readTree(answer.body()).path("rows").path(0).path(0).asLong() : 0L);
        }
        return rows;
    }

    /** Each bot's mean MOS over the meeting (null when it has none), by name. */
    Map<String, Double> quality(String meetingId, LocalDate day, List<Demo.Participant> participants, Consumer<String> say)
            throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(QUALITY_WAIT);
        Map<String, Double> mos = new LinkedHashMap<>();
        while (true) {
            HttpResponse<String> answer = send(HttpRequest.newBuilder(URI.create(web + "/api/data/meetings/" + meetingId + "/quality?from=" + day
                    + "&to=" + day)).GET());
            mos.clear();
            if (answer.statusCode() == 200) {
                Map<String, Double> byParticipant = new LinkedHashMap<>();
                for (JsonNode p : JSON.readTree(answer.body()).path("participants")) {
                    if (p.hasNonNull("meanMos")) {
                        byParticipant.put(p.path("participantId").asText(), p.path("meanMos").asDouble());
                    }
                }
                participants.forEach(p -> mos.put(p.name(), byParticipant.get(p.participantId())));
            }
            if (!mos.containsValue(null) && !mos.isEmpty() || Instant.now().isAfter(deadline)) {
                if (mos.isEmpty() || mos.containsValue(null)) {
                    say.accept("Not every bot's call quality was scored within " + QUALITY_WAIT.toSeconds() + " s; see data/logs/data-api.log");
                }
                return mos;
            }
            Thread.sleep(1000);
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
