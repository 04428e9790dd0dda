package io.confab.jobs.usage.live;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.confab.jobs.usage.MeterCounters;
import io.confab.jobs.usage.presence.MeetingFold;
import io.confab.jobs.usage.presence.MeetingLedger;
import io.confab.jobs.usage.presence.MeterRules;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The meter's HTTP face: {@code /health} (200 while Kafka Streams runs), {@code /live?account=A}
 * (interactive query of the meeting ledgers; one meter instance holds every partition on one
 * machine, so no routing to other instances yet), and {@code /metrics} in Prometheus text format
 * (Kafka Streams' own metrics plus the meter's counters).
 */
public final class LiveServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaStreams streams;
    private final MeterCounters counters;
    private final MeterRules rules;
    private final LongSupplier sinkWritten;
    private final HttpServer server;

    public LiveServer(String host, int port, KafkaStreams streams, MeterCounters counters, MeterRules rules,
                      LongSupplier sinkWritten) throws IOException {
        this.streams = streams;
        this.counters = counters;
        this.rules = rules;
        this.sinkWritten = sinkWritten;
        this.server = HttpServer.create(new InetSocketAddress(host, port), 16);
        server.createContext("/health", this::health);
        server.createContext("/live", this::live);
        server.createContext("/metrics", this::metrics);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void health(HttpExchange exchange) throws IOException {
        KafkaStreams.State state = streams.state();
        boolean up = state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING;
        respond(exchange, up ? 200 : 503, "application/json", "{\"status\":\"" + (up ? "UP" : "DOWN") + "\",\"streams\":\"" + state + "\"}");
    }

    private void live(HttpExchange exchange) throws IOException {
        String account = query(exchange, "account");
        if (account == null || account.isBlank()) {
            respond(exchange, 400, "application/json", "{\"error\":\"missing query parameter 'account'\"}");
            return;
        }
        List<MeetingLedger> ledgers = new ArrayList<>();
        try {
            ReadOnlyKeyValueStore<String, MeetingLedger> store = streams.store(StoreQueryParameters.fromNameAndType(
                    MeetingFold.MEETINGS, QueryableStoreTypes.keyValueStore()));
            try (KeyValueIterator<String, MeetingLedger> it = store.all()) {
                it.forEachRemaining(kv -> ledgers.add(kv.value));
            }
        } catch (RuntimeException e) {
            respond(exchange, 503, "application/json", "{\"error\":\"live state not available yet: " + e.getClass().getSimpleName() + "\"}");
            return;
        }
        LiveState state = LiveState.of(account, ledgers, System.currentTimeMillis(), rules);
        ObjectNode body = JSON.createObjectNode();
        body.put("account", state.accountId());
        body.put("at", java.time.Instant.ofEpochMilli(state.at()).toString());
        ArrayNode meetings = body.putArray("meetingsInProgress");
        state.meetings().forEach(m -> meetings.addObject().put("meetingId", m.meetingId()).put("participantsNow", m.participantsNow()));
        body.put("participantsNow", state.participantsNow());
        body.put("participantMillisToday", state.participantMillisToday());
        body.put("participantMinutesToday", state.participantMillisToday() / 60_000.0);
        respond(exchange, 200, "application/json", JSON.writeValueAsString(body));
    }

    private void metrics(HttpExchange exchange) throws IOException {
        StringBuilder out = new StringBuilder();
        out.append("# HELP confab_usage_events_total Input records by topic and outcome (read, ignored, duplicate, rejected).\n");
        out.append("# TYPE confab_usage_events_total counter\n");
        for (Map.Entry<String, Long> counter : counters.snapshot().entrySet()) {
            String[] parts = counter.getKey().split("\\|", 2);
            out.append(String.format(Locale.ROOT, "confab_usage_events_total{outcome=\"%s\",topic=\"%s\"} %d%n", parts[0], parts[1], counter.getValue()));
        }
        out.append("# HELP confab_usage_ledger_rows_written_total usage.records rows written to Cassandra usage_by_account_day.\n");
        out.append("# TYPE confab_usage_ledger_rows_written_total counter\n");
        out.append("confab_usage_ledger_rows_written_total ").append(sinkWritten.getAsLong()).append('\n');
        for (Map.Entry<MetricName, ? extends Metric> entry : streams.metrics().entrySet()) {
            Object value = entry.getValue().metricValue();
            if (!(value instanceof Number number) || Double.isNaN(number.doubleValue())) {
                continue;
            }
            MetricName name = entry.getKey();
            String metric = ("kafka_streams_" + name.group() + "_" + name.name()).replaceAll("[^a-zA-Z0-9_]", "_");
            StringBuilder labels = new StringBuilder();
            name.tags().forEach((k, v) -> labels.append(labels.isEmpty() ? "" : ",")
                    .append(k.replaceAll("[^a-zA-Z0-9_]", "_")).append("=\"").append(v.replace("\"", "'")).append('"'));
            out.append(metric).append('{').append(labels).append("} ").append(number.doubleValue()).append('\n');
        }
        respond(exchange, 200, "text/plain; version=0.0.4", out.toString());
    }

    private static String query(HttpExchange exchange, String name) {
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw == null) {
            return null;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
                return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
