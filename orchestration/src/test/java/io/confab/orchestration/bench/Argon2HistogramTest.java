package io.confab.orchestration.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The server's Argon2 histogram read from two scrapes: what one bench phase saw, its p50 interpolated. */
class Argon2HistogramTest {

    private static String scrape(long le30, long le40, long le50, long inf, double sum) {
        return "# HELP confab_auth_argon2_seconds Argon2 computations\n"
                + "# TYPE confab_auth_argon2_seconds histogram\n"
                + "confab_auth_argon2_seconds_bucket{le=\"0.03\"} " + le30 + "\n"
                + "confab_auth_argon2_seconds_bucket{le=\"0.04\"} " + le40 + "\n"
                + "confab_auth_argon2_seconds_bucket{le=\"0.05\"} " + le50 + "\n"
                + "confab_auth_argon2_seconds_bucket{le=\"+Inf\"} " + inf + "\n"
                + "confab_auth_argon2_seconds_count " + inf + "\n"
                + "confab_auth_argon2_seconds_sum " + sum + "\n"
                + "confab_auth_argon2_seconds_max 0.9\n"
                + "confab_auth_argon2_queued 0.0\n";
    }

    @Test
    void thePhaseBetweenTwoScrapesHasItsOwnMedianAndMean() {
        // Before: 10 computations all at or below 30 ms. Then 20 more: 4 at or below 30 ms, 12 in
        // (30, 40], 4 in (40, 50]. The 10th of 20 is the 6th of the 12 in (30, 40]: 35 ms.
        Argon2Histogram before = Argon2Histogram.parse(scrape(10, 10, 10, 10, 0.25));
        Argon2Histogram after = Argon2Histogram.parse(scrape(14, 26, 30, 30, 0.25 + 0.74));

        Argon2Histogram.Delta phase = after.since(before);

        assertEquals(20, phase.count());
        assertEquals(35.0, phase.p50Millis(), 1e-9);
        assertEquals(37.0, phase.meanMillis(), 1e-9, "the mean comes from the sum, not the buckets");
    }

    @Test
    void aMedianPastTheLastFiniteBoundIsThatBound() {
        Argon2Histogram.Delta phase = Argon2Histogram.parse(scrape(0, 0, 1, 3, 3.0)).since(Argon2Histogram.EMPTY);
        assertEquals(50.0, phase.p50Millis(), 1e-9);
    }

    @Test
    void noComputationsOrNoHistogramGiveNaNNotZero() {
        Argon2Histogram same = Argon2Histogram.parse(scrape(5, 5, 5, 5, 0.1));
        assertTrue(Double.isNaN(same.since(same).p50Millis()));
        assertEquals(Argon2Histogram.EMPTY, Argon2Histogram.parse("confab_auth_argon2_queued 0.0\n"));
        assertTrue(Double.isNaN(Argon2Histogram.EMPTY.since(Argon2Histogram.EMPTY).meanMillis()));
    }

    @Test
    void aMetricsPageThatCannotBeFetchedIsAnErrorNamingTheAddressAndWhat() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/metrics", exchange -> answer(exchange, 200, scrape(1, 2, 3, 3, 0.1)));
        server.createContext("/busy", exchange -> answer(exchange, 503, "busy"));
        server.createContext("/other", exchange -> answer(exchange, 200, "confab_auth_argon2_queued 0.0\n"));
        server.start();
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        try {
            assertEquals(3.0, Argon2Histogram.scrape(http, URI.create(base + "/metrics")).count(), "a page that reads");

            IllegalStateException busy = assertThrows(IllegalStateException.class,
                    () -> Argon2Histogram.scrape(http, URI.create(base + "/busy")));
            assertTrue(busy.getMessage().contains(base + "/busy") && busy.getMessage().contains("answered 503"), busy.getMessage());

            assertEquals(Argon2Histogram.EMPTY, Argon2Histogram.scrape(http, URI.create(base + "/other")),
                    "a page without the histogram (an older server) is empty: the bench says so beside the figure");
        } finally {
            server.stop(0);
        }
        IllegalStateException gone = assertThrows(IllegalStateException.class,
                () -> Argon2Histogram.scrape(http, URI.create(base + "/metrics")));
        assertTrue(gone.getMessage().contains("cannot read the server's metrics at " + base + "/metrics"), gone.getMessage());
    }

    private static void answer(HttpExchange exchange, int status, String body) throws java.io.IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
