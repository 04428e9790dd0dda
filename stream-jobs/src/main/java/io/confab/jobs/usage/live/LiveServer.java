package io.confab.jobs.usage.live;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.confab.jobs.usage.presence.MeetingFold;
import io.confab.jobs.usage.presence.MeetingLedger;
import io.confab.jobs.usage.presence.MeterRules;
import io.confab.storage.logging.RateLimitedLog;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The meter's HTTP face: {@code /health} (200 while Kafka Streams runs), {@code /live?account=A}
 * (interactive query of the meeting ledgers; one meter instance holds every partition on one
 * machine, so no routing to other instances yet), and {@code /metrics} in Prometheus text format
 * (Kafka Streams' own metrics through Micrometer's binder, the meter's counters, the JVM's).
 */
public final class LiveServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaStreams streams;
    private final PrometheusMeterRegistry metrics;
    private final PrometheusMeterRegistry own;
    private final MeterRules rules;
    private final HttpServer server;
    /** A handler's failures, with their cause: a poller of a failing endpoint must not flood the log. */
    private final RateLimitedLog failures = new RateLimitedLog(LoggerFactory.getLogger(LiveServer.class), Duration.ofSeconds(10));

    /**
     * @param metrics the meter's registry: its own counters, Kafka Streams' (KafkaStreamsMetrics) and the JVM's
     * @param own     the meter's own families alone (also in {@code metrics}): a query naming only
     *                those is answered from it, without collecting every Kafka Streams metric
     */
    public LiveServer(String host, int port, KafkaStreams streams, PrometheusMeterRegistry metrics, PrometheusMeterRegistry own,
                      MeterRules rules) throws IOException {
        this.streams = streams;
        this.metrics = metrics;
        this.own = own;
        this.rules = rules;
        this.server = HttpServer.create(new InetSocketAddress(host, port), 16);
        server.createContext("/health", answering(this::health));
        server.createContext("/live", answering(this::live));
        server.createContext("/metrics", answering(this::metrics));
        server.start();
    }

    /**
     * The handler, or a 500 naming what it threw: the JDK's server closes the connection without a
     * word when a handler throws, which the caller (data-api's /api/usage/live) could only report as
     * "received no bytes", and nothing was logged.
     */
    private HttpHandler answering(HttpHandler handler) {
        return exchange -> {
            try {
                handler.handle(exchange);
            } catch (RuntimeException | Error e) {
                failures.error("usage meter: " + exchange.getRequestURI().getPath() + " failed", e);
                if (exchange.getResponseCode() != -1) {
                    throw e;
                }
                respond(exchange, 500, "application/json", JSON.createObjectNode()
                        .put("error", exchange.getRequestURI().getPath() + " failed: " + e).toString());
            }
        };
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

    /**
     * Every family, or with {@code ?name[]=F&name[]=G} (Prometheus' own query form) only those: a
     * poller that wants one counter (the usage bench reads the events read every 200 ms) must not
     * make the meter render every Kafka Streams metric each time, which took a fifth of the meter's
     * sampled CPU during a bench (stream-jobs/README.md, Figures). Narrowing the whole registry's
     * scrape is not enough: the Prometheus client collects every family and filters after, so a
     * query naming only the meter's own families is answered from their registry.
     */
    private void metrics(HttpExchange exchange) throws IOException {
        String type = "text/plain; version=0.0.4; charset=utf-8";
        List<String> asked = queryAll(exchange, "name[]");
        Set<String> names = new HashSet<>(asked);
        // Micrometer names a counter's family without the _total its samples carry.
        asked.forEach(name -> names.add(family(name)));
        Set<String> ownFamilies = new HashSet<>();
        own.getMeters().forEach(meter -> ownFamilies.add(meter.getId().getName()));
        boolean allOwn = asked.stream().allMatch(name -> ownFamilies.contains(family(name)));
        respond(exchange, 200, type, names.isEmpty() ? metrics.scrape() : (allOwn ? own : metrics).scrape(type, names));
    }

    private static String family(String name) {
        return name.endsWith("_total") ? name.substring(0, name.length() - 6) : name;
    }

    private static String query(HttpExchange exchange, String name) {
        List<String> values = queryAll(exchange, name);
        return values.isEmpty() ? null : values.get(0);
    }

    private static List<String> queryAll(HttpExchange exchange, String name) {
        String raw = exchange.getRequestURI().getRawQuery();
        List<String> values = new ArrayList<>();
        if (raw == null) {
            return values;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8).equals(name)) {
                values.add(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
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
