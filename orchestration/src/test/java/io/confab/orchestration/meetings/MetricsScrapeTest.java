package io.confab.orchestration.meetings;

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

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every Confab process answers a Prometheus scrape at the address {@code confab status --json} names,
 * with the metric families each is expected to serve (parsed from the text format, help and type
 * included), and the SFU's counters move when bots send media through it.
 */
@ExtendWith(SharedPlatform.class)
class MetricsScrapeTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void everyProcessAnswersAScrapeAndTheSfuCountersMoveWithMedia(SharedPlatform.Running running) throws Exception {
        Cli.Result status = Cli.run(Duration.ofSeconds(60), "status", "--json",
                "--data-dir", running.platform().config().dataDir().toString());
        assertEquals(0, status.exitCode(), status.out() + status.err());
        JsonNode json = new ObjectMapper().readTree(status.out());
        Map<String, JsonNode> byName = new HashMap<>();
        json.path("components").forEach(c -> byName.put(c.path("name").asText(), c));

        Scrape web = scrape(metricsOf(byName, "web"));
        web.requireFamilies("counter", "confab_sfu_forwarded_packets", "confab_sfu_dropped_packets",
                "confab_sfu_media_thread_failures", "confab_signaling_frames_refused", "confab_signaling_joins_refused",
                "confab_signaling_slow_consumers_closed", "confab_kafka_publish_failures", "confab_http_connection_errors",
                "confab_turn_allocations_opened", "confab_turn_relayed_bytes", "confab_turn_dropped_messages",
                "confab_media_tap_packets");
        web.requireFamilies("gauge", "confab_turn_allocations", "confab_sfu_participants", "jvm_memory_used_bytes");
        web.requireFamilies("histogram", "confab_sfu_forwarding_delay_seconds");
        assertTrue(web.help.get("confab_sfu_dropped_packets_total").contains("by reason"), "help text is served: " + web.help);

        Scrape launcher = scrape(json.path("launcher").path("metrics").asText());
        for (String component : byName.keySet()) {
            assertEquals(1.0, launcher.value("confab_component_up{component=\"" + component + "\"}"),
                    "the launcher reports " + component + " healthy");
        }

        Scrape usage = scrape(metricsOf(byName, "usage"));
        usage.requireFamilies("counter", "confab_usage_ledger_rows_written", "confab_usage_ledger_records_undecodable");
        assertTrue(usage.types.keySet().stream().anyMatch(f -> f.startsWith("kafka_stream_")),
                "Kafka Streams' metrics through Micrometer's binder: " + usage.types.keySet());
        usage.requireFamilies("gauge", "jvm_memory_used_bytes");

        scrape(metricsOf(byName, "data-api")).requireFamilies("gauge", "jvm_memory_used_bytes");

        List<String> flink = new java.util.ArrayList<>();
        byName.get("flink").path("metricsTargets").forEach(t -> flink.add(t.asText()));
        assertEquals(2, flink.size(), "a scrape target per Flink process: " + byName.get("flink"));
        Scrape jobManager = scrape(flink.get(0));
        jobManager.requireFamilies("gauge", "flink_jobmanager_numRegisteredTaskManagers");
        Scrape taskManager = scrape(flink.get(1));
        assertTrue(taskManager.types.keySet().stream().anyMatch(f -> f.startsWith("flink_taskmanager_job_task_operator_confab_recording_")),
                "the recording job's counters on the TaskManager's reporter: "
                        + taskManager.types.keySet().stream().filter(f -> f.contains("confab")).toList());
        for (String counter : List.of("segments", "audio_in_ms", "dead_letters", "packets_undecodable")) {
            assertTrue(taskManager.types.containsKey("flink_taskmanager_job_task_operator_confab_transcription_" + counter),
                    "the transcription job's " + counter + " on the TaskManager's reporter: "
                            + taskManager.types.keySet().stream().filter(f -> f.contains("confab_transcription")).toList());
        }

        double forwardedBefore = web.value("confab_sfu_forwarded_packets_total");
        double delaysBefore = web.value("confab_sfu_forwarding_delay_seconds_count");
        sendMedia(new MeetingFixtures(running));
        Scrape after = scrape(metricsOf(byName, "web"));
        assertTrue(after.value("confab_sfu_forwarded_packets_total") > forwardedBefore + 100,
                "bots' media moves the forwarded counter: " + forwardedBefore + " -> " + after.value("confab_sfu_forwarded_packets_total"));
        assertTrue(after.value("confab_sfu_forwarding_delay_seconds_count") > delaysBefore + 100,
                "each forwarded copy is a delay sample: " + delaysBefore + " -> " + after.value("confab_sfu_forwarding_delay_seconds_count"));
        assertEquals(0.0, after.value("confab_sfu_media_thread_failures_total"), "no exception on the media thread");
    }

    /**
     * The batch jobs live for a run and are gone before a scrape: each leaves its last run's figures
     * in the data directory, and the launcher's scrape shows them (node_exporter's textfile way). Run
     * here on a day and a month no other test writes, so the rows written are known to be none.
     */
    @Test
    void theLauncherServesEachBatchJobsLastRun(SharedPlatform.Running running) throws Exception {
        String dataDir = running.platform().config().dataDir().toString();
        java.time.LocalDate day = java.time.LocalDate.now(java.time.ZoneOffset.UTC).minusDays(40);
        String month = java.time.YearMonth.now(java.time.ZoneOffset.UTC).minusYears(3).toString();
        double before = System.currentTimeMillis() / 1000.0;
        Cli.Result export = Cli.run(Duration.ofMinutes(4), "warehouse", "export", "--date", day.toString(), "--data-dir", dataDir);
        assertEquals(0, export.exitCode(), "confab warehouse export: " + export.out() + export.err());
        Cli.Result billing = Cli.run(Duration.ofMinutes(8), "billing", "run", "--month", month, "--data-dir", dataDir);
        assertEquals(0, billing.exitCode(), "confab billing run: " + billing.out() + billing.err());
        double after = System.currentTimeMillis() / 1000.0;

        Scrape launcher = scrape(running.platform().metricsAddress());
        launcher.requireFamilies("gauge", "confab_batch_last_run_success", "confab_batch_last_run_timestamp_seconds",
                "confab_batch_last_run_duration_seconds", "confab_batch_last_success_timestamp_seconds",
                "confab_batch_last_run_records_read", "confab_batch_last_run_rows_written", "confab_batch_last_run_dead_letters",
                "confab_textfile_scrape_error");
        for (String job : List.of("warehouse_export", "billing_run")) {
            String label = "{job=\"" + job + "\"}";
            assertEquals(1.0, launcher.value("confab_batch_last_run_success" + label), job + " succeeded");
            double ended = launcher.value("confab_batch_last_run_timestamp_seconds" + label);
            assertTrue(ended >= before && ended <= after, job + " ended during the test: " + ended + " not in " + before + ".." + after);
            assertEquals(ended, launcher.value("confab_batch_last_success_timestamp_seconds" + label), job);
            double took = launcher.value("confab_batch_last_run_duration_seconds" + label);
            assertTrue(took > 0 && took < after - before, job + " took " + took + " s");
            assertEquals(0.0, launcher.value("confab_batch_last_run_rows_written" + label), job + " had nothing to write");
        }
        assertEquals(0.0, launcher.value("confab_textfile_scrape_error"), "every file parsed");
    }

    private static String metricsOf(Map<String, JsonNode> byName, String component) {
        JsonNode node = byName.get(component);
        assertNotNull(node, component + " in confab status --json");
        assertTrue(node.hasNonNull("metrics"), component + " names its metrics address: " + node);
        return node.path("metrics").asText();
    }

    /** Two bots, 6 s of synthetic audio and video each way. */
    private static void sendMedia(MeetingFixtures fixtures) throws Exception {
        MeetingFixtures.Account host = fixtures.signUp("Mia");
        String meetingId = fixtures.instantMeeting(host, null, MeetingFixtures.open());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<BotReport>> bots = List.of(
                    pool.submit(() -> bot(fixtures.webUrl, meetingId, "Mia", host.token())),
                    pool.submit(() -> bot(fixtures.webUrl, meetingId, "Max", null)));
            for (Future<BotReport> bot : bots) {
                BotReport report = bot.get();
                assertTrue(report.received().audioPackets() > 0, "the bots heard each other: " + report);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static BotReport bot(String web, String meetingId, String name, String bearer) throws Exception {
        try (Bot bot = new Bot(new Bot.Options(web, meetingId, name, null, bearer, Duration.ofSeconds(6), true),
                new SyntheticAudio(30), new SyntheticVideo(300_000, 320, 180))) {
            return bot.run();
        }
    }

    private static Scrape scrape(String address) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(address)).timeout(Duration.ofSeconds(20))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), address + " answered " + response.statusCode());
        return Scrape.parse(address, response.body());
    }

    /** The Prometheus text format, as far as these checks need it: TYPE and HELP per family, and samples. */
    private record Scrape(String address, Map<String, String> types, Map<String, String> help, Map<String, Double> samples) {

        static Scrape parse(String address, String text) {
            Map<String, String> types = new LinkedHashMap<>();
            Map<String, String> help = new LinkedHashMap<>();
            Map<String, Double> samples = new LinkedHashMap<>();
            for (String line : text.split("\n")) {
                if (line.startsWith("# TYPE ")) {
                    String[] parts = line.substring(7).split(" ", 2);
                    types.put(parts[0], parts[1].trim());
                } else if (line.startsWith("# HELP ")) {
                    String[] parts = line.substring(7).split(" ", 2);
                    help.put(parts[0], parts.length > 1 ? parts[1] : "");
                } else if (!line.isBlank() && !line.startsWith("#")) {
                    // A sample is "name{labels} value [timestamp]": the value follows the label set,
                    // whose quoted values may hold braces themselves (uri="/api/meetings/{id}").
                    int brace = line.indexOf('{');
                    int space = line.indexOf(' ');
                    int valueStart = brace >= 0 && brace < space ? labelSetEnd(line, brace) + 1 : space;
                    String[] rest = line.substring(valueStart).trim().split(" ");
                    String series = line.substring(0, valueStart).trim();
                    samples.put(series, Double.parseDouble(rest[0].replace("+Inf", "Infinity")));
                }
            }
            return new Scrape(address, types, help, samples);
        }

        /** The index of the '}' that closes the label set opened at {@code open}, quotes and escapes honoured. */
        static int labelSetEnd(String line, int open) {
            boolean quoted = false;
            for (int i = open + 1; i < line.length(); i++) {
                char c = line.charAt(i);
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quoted = !quoted;
                } else if (c == '}' && !quoted) {
                    return i;
                }
            }
            throw new AssertionError("a label set that does not close: " + line);
        }

        /** Each family is present with this type, with help text; counters are named here without their _total. */
        void requireFamilies(String type, String... names) {
            for (String name : names) {
                String family = type.equals("counter") ? name + "_total" : name;
                assertEquals(type, types.get(family), "family " + family + " of type " + type + " at " + address
                        + "; it serves " + types.keySet());
                assertTrue(help.containsKey(family) && !help.get(family).isBlank(), family + " has help text at " + address);
            }
        }

        /** One series' value, or the sum over its label sets when named without labels. */
        double value(String series) {
            Double exact = samples.get(series);
            if (exact != null) {
                return exact;
            }
            double sum = 0;
            boolean found = false;
            for (Map.Entry<String, Double> sample : samples.entrySet()) {
                if (sample.getKey().startsWith(series + "{")) {
                    sum += sample.getValue();
                    found = true;
                }
            }
            assertTrue(found, "series " + series + " at " + address);
            return sum;
        }
    }
}
