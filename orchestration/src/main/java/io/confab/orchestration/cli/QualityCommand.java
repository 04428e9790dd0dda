package io.confab.orchestration.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code confab quality MEETING}: who had a bad call and when ({@code GET /api/meetings/{id}/quality}). */
@Command(name = "quality", mixinStandardHelpOptions = true,
        description = {"A meeting's call quality per participant: mean and worst MOS (ITU-T G.107 E-model from loss, jitter, RTT),",
                "worst first, and when each participant's bad intervals (MOS below 3.6) were."})
final class QualityCommand extends PostMeetingApiCommand {

    @Parameters(paramLabel = "MEETING", description = "The meeting id.")
    String meeting;

    @Option(names = "--from", paramLabel = "YYYY-MM-DD", description = "First UTC day (default: today).")
    String from;

    @Option(names = "--to", paramLabel = "YYYY-MM-DD", description = "Last UTC day (default: --from, or today).")
    String to;

    @Option(names = "--json", description = "Print the API's JSON answer, with every interval.")
    boolean json;

    @Override
    int callApi() throws Exception {
        StringBuilder path = new StringBuilder("/api/meetings/" + URLEncoder.encode(meeting, StandardCharsets.UTF_8) + "/quality");
        String sep = "?";
        if (from != null) {
            path.append(sep).append("from=").append(URLEncoder.encode(from, StandardCharsets.UTF_8));
            sep = "&";
        }
        if (to != null) {
            path.append(sep).append("to=").append(URLEncoder.encode(to, StandardCharsets.UTF_8));
        }
        JsonNode answer = access.client().send("GET", path.toString(), null, Duration.ofSeconds(30));
        if (json) {
            System.out.println(new ObjectMapper().writeValueAsString(answer));
            return 0;
        }
        JsonNode participants = answer.path("participants");
        if (participants.isEmpty()) {
            System.out.println("No call-quality samples for meeting " + meeting + " on " + answer.path("days") + ".");
            return 0;
        }
        System.out.printf(Locale.ROOT, "%-16s %-38s %9s %8s %8s %8s %9s %7s  %s%n", "name", "participant", "intervals", "mean MOS", "min MOS",
                "loss %", "jitter ms", "bad", "bad from .. to");
        for (JsonNode p : participants) {
            // The name the person had in the meeting (the usage meter's session rows); "-" before the meter has seen their join.
            System.out.printf(Locale.ROOT, "%-16s %-38s %9d %8.2f %8.2f %8.1f %9.1f %7d  %s%n", p.path("displayName").asText("-"),
                    p.path("participantId").asText(),
                    p.path("intervals").asInt(), p.path("meanMos").asDouble(), p.path("minMos").asDouble(),
                    100 * p.path("meanFractionLost").asDouble(), p.path("meanJitterMs").asDouble(), p.path("badIntervals").asInt(),
                    p.path("badIntervals").asInt() == 0 ? "-" : p.path("firstBadAt").asText() + " .. " + p.path("lastBadAt").asText());
        }
        return 0;
    }
}
