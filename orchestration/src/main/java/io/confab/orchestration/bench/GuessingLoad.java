package io.confab.orchestration.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.confab.orchestration.meetings.MeetingServiceClient;
import io.confab.orchestration.platform.Installation;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.ToDoubleFunction;

/**
 * Join tickets per second ({@code POST /api/meetings/{id}/join} with the right passcode, its Argon2
 * check included) from 127.0.0.1, first alone, then while a passcode-guessing flood against the same
 * meeting comes from other loopback addresses (Linux routes all of 127/8 to the loopback device),
 * sent by a {@link GuessingFlood} process in a session of its own; several rounds interleaved, since
 * one 20 s phase on a shared machine can be off by half. Beside each phase, the server's own Argon2
 * time per computation from its Prometheus histogram ({@link Argon2Histogram}), which tells a slower
 * check from fewer checks.
 */
public final class GuessingLoad {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSCODE = "bench42";

    /**
     * The medians over the rounds; with one round, that round's figures.
     *
     * @param underFloodPercent the median of each round's joins under the flood against its joins alone
     *                          measured just before
     * @param joinErrorsAlone   refused joins alone, over all rounds (likewise under the flood)
     * @param floodAnswers      the flood's answers by HTTP status over all rounds (404: a wrong guess
     *                          checked; 429: refused unchecked by the throttle or, its address locked
     *                          out, when its connection was accepted; 503: the Argon2 queue was full;
     *                          -1: no answer, as when the server's kernel drops the flood's connection
     *                          requests and each connect times out after 5 s)
     * @param floodNice         the nice value of the flood's scheduling group
     * @param argon2P50MsAlone  the server's Argon2 computation time, p50 in ms, over the phases alone
     *                          (median of the rounds; interpolated within the histogram's bucket; NaN only
     *                          with {@code argon2Missing} saying why); likewise under the flood. Metrics
     *                          that cannot be fetched stop the bench with an error naming the address
     * @param argon2Missing     null when every phase has its Argon2 figures; else why some or all are NaN
     * @param spread            median, range and each round's value of the figures above that vary
     * @param eachRound         every round in the order run
     */
    public record Figures(int joiners, int flooders, int floodAddresses, double seconds,
                          double joinsPerSecondAlone, double joinsPerSecondUnderFlood, double underFloodPercent,
                          long joinErrorsAlone, long joinErrorsUnderFlood, double floodRequestsPerSecond,
                          Map<Integer, Long> floodAnswers, int floodNice, int rounds,
                          double argon2P50MsAlone, double argon2P50MsUnderFlood, String argon2Missing,
                          Map<String, Spread> spread, List<Round> eachRound) {
    }

    /**
     * One round: joins alone, then joins under a flood from addresses no earlier round used.
     *
     * @param argon2MeanMsAlone the server's mean Argon2 computation time during the phase (NaN as above)
     */
    public record Round(double joinsPerSecondAlone, double joinsPerSecondUnderFlood, double underFloodPercent,
                        long joinErrorsAlone, long joinErrorsUnderFlood, double floodRequestsPerSecond,
                        Map<Integer, Long> floodAnswers, double argon2P50MsAlone, double argon2P50MsUnderFlood,
                        double argon2MeanMsAlone, double argon2MeanMsUnderFlood) {
    }

    private record Phase(long joins, long errors, double seconds, Argon2Histogram.Delta argon2) {
        double perSecond() {
            return joins / seconds;
        }
    }

    private final URI web;
    private final URI metrics;
    private final Consumer<String> progress;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final MeetingServiceClient meetingService;
    /** Set when the server's metrics page had no Argon2 histogram. */
    private volatile boolean noHistogram;

    /** @param metricsUrl the server's Prometheus address, or null to leave the Argon2 times out */
    public GuessingLoad(String webUrl, String metricsUrl, Consumer<String> progress) {
        this.web = URI.create(webUrl);
        this.metrics = metricsUrl == null ? null : URI.create(metricsUrl);
        this.meetingService = new MeetingServiceClient(http, webUrl);
        this.progress = progress;
    }

    /**
     * {@code rounds} rounds, interleaved: joins alone, joins under the flood, joins alone, ... Each
     * round joins a meeting of its own and floods from {@code floodAddresses} addresses of its own, so
     * no round starts inside a lockout an earlier one caused.
     *
     * @param floodNice the nice value of the flood's scheduling group (0-19; 19 yields the cores most
     *                  to the platform), see {@link GuessingFlood}
     */
    public Figures run(int joiners, int flooders, int floodAddresses, int floodNice, Duration phase, int rounds) throws Exception {
        if (rounds < 1 || (long) rounds * floodAddresses > GuessingFlood.MAX_ADDRESSES) {
            throw new IllegalArgumentException("rounds x flood addresses must be 1.." + GuessingFlood.MAX_ADDRESSES);
        }
        String token = meetingService.newAccount("guessing-bench", "a bench passphrase", "Bench");
        List<Round> all = new ArrayList<>();
        for (int round = 1; round <= rounds; round++) {
            String meeting = meetingService.post("/api/meetings", Map.of("topic", "Guessing bench", "type", "INSTANT", "passcode", PASSCODE,
                    "settings", Map.of("waitingRoom", false, "joinBeforeHost", true)), token).path("id").asText();
            String prefix = rounds > 1 ? "round " + round + " of " + rounds + ": " : "";
            if (round == 1) {
                progress.accept("warming up: joins for 5 s...");
                joins(meeting, joiners, Duration.ofSeconds(5));
            }
            all.add(measureRound(prefix, meeting, joiners, flooders, floodAddresses, (round - 1) * floodAddresses, floodNice, phase));
        }
        Map<Integer, Long> answers = new TreeMap<>();
        all.forEach(r -> r.floodAnswers().forEach((status, count) -> answers.merge(status, count, Long::sum)));
        Map<String, Spread> spread = new LinkedHashMap<>();
        spread.put("joinsPerSecondAlone", spread(all, Round::joinsPerSecondAlone));
        spread.put("joinsPerSecondUnderFlood", spread(all, Round::joinsPerSecondUnderFlood));
        spread.put("underFloodPercent", spread(all, Round::underFloodPercent));
        spread.put("floodRequestsPerSecond", spread(all, Round::floodRequestsPerSecond));
        spread.put("argon2P50MsAlone", spread(all, Round::argon2P50MsAlone));
        spread.put("argon2P50MsUnderFlood", spread(all, Round::argon2P50MsUnderFlood));
        return new Figures(joiners, flooders, floodAddresses, phase.toMillis() / 1000.0,
                round(spread.get("joinsPerSecondAlone").median()), round(spread.get("joinsPerSecondUnderFlood").median()),
                round(spread.get("underFloodPercent").median()),
                all.stream().mapToLong(Round::joinErrorsAlone).sum(), all.stream().mapToLong(Round::joinErrorsUnderFlood).sum(),
                round(spread.get("floodRequestsPerSecond").median()), answers, floodNice, rounds,
                round(spread.get("argon2P50MsAlone").median()), round(spread.get("argon2P50MsUnderFlood").median()),
                argon2Missing(all), spread, all);
    }

    /** Why Argon2 figures are NaN, or null when none is. */
    private String argon2Missing(List<Round> all) {
        if (metrics == null) {
            return "no metrics address for the server, so its Argon2 times were not read";
        }
        if (noHistogram) {
            return "the server's metrics at " + metrics + " have no confab_auth_argon2_seconds histogram"
                    + " (a server from before it was exported)";
        }
        long phases = 2L * all.size();
        long without = all.stream().filter(r -> Double.isNaN(r.argon2P50MsAlone())).count()
                + all.stream().filter(r -> Double.isNaN(r.argon2P50MsUnderFlood())).count();
        return without == 0 ? null : "the server's confab_auth_argon2_seconds histogram counted no computation in "
                + without + " of " + phases + " measured phases";
    }

    private Round measureRound(String prefix, String meeting, int joiners, int flooders, int floodAddresses, int firstAddress,
                        int floodNice, Duration phase) throws Exception {
        progress.accept(prefix + "joins alone for " + phase.toSeconds() + " s (" + joiners + " joiners)...");
        Phase alone = joins(meeting, joiners, phase);
        progress.accept(prefix + "  " + Math.round(alone.perSecond()) + " joins/s" + argon2(alone));

        progress.accept(prefix + "joins while " + flooders + " flooders guess from " + floodAddresses + " other address(es)"
                + " (a process in its own session, scheduling group nice " + floodNice + ")...");
        // Stopped by closing its input; the deadline is only for a bench that dies without closing it.
        long deadline = phase.toSeconds() + 60;
        Process flood = new ProcessBuilder("setsid", "-w", Installation.javaExecutable(), "-Xmx256m", "-cp",
                System.getProperty("java.class.path"), GuessingFlood.class.getName(), web.getHost(), Integer.toString(web.getPort()),
                meeting, Integer.toString(flooders), Integer.toString(floodAddresses), Long.toString(deadline),
                Integer.toString(floodNice), Integer.toString(firstAddress))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Phase flooded;
        String floodLine;
        try {
            Thread.sleep(2_000);
            if (!flood.isAlive()) {
                throw new IllegalStateException("the guessing flood exited at once with status " + flood.exitValue());
            }
            flooded = joins(meeting, joiners, phase);
        } finally {
            flood.getOutputStream().close();
            if (!flood.waitFor(30, TimeUnit.SECONDS)) {
                flood.destroyForcibly();
            }
            floodLine = new String(flood.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).strip();
        }
        // "seconds status=count ...", see GuessingFlood.
        String[] parts = floodLine.split(" ");
        if (parts.length < 1 || parts[0].isEmpty()) {
            throw new IllegalStateException("the guessing flood printed no figures: '" + floodLine + "'");
        }
        double floodSeconds = Double.parseDouble(parts[0]);
        Map<Integer, Long> counted = new TreeMap<>();
        for (int i = 1; i < parts.length; i++) {
            String[] pair = parts[i].split("=");
            counted.put(Integer.parseInt(pair[0]), Long.parseLong(pair[1]));
        }
        progress.accept(prefix + "  " + Math.round(flooded.perSecond()) + " joins/s" + argon2(flooded));
        long floodTotal = counted.values().stream().mapToLong(Long::longValue).sum();
        return new Round(round(alone.perSecond()), round(flooded.perSecond()), round(100 * flooded.perSecond() / alone.perSecond()),
                alone.errors(), flooded.errors(), round(floodTotal / floodSeconds), counted,
                round(alone.argon2().p50Millis()), round(flooded.argon2().p50Millis()),
                round(alone.argon2().meanMillis()), round(flooded.argon2().meanMillis()));
    }

    private String argon2(Phase phase) {
        if (metrics == null) {
            return "";
        }
        return Double.isNaN(phase.argon2().p50Millis()) ? ", no Argon2 computation in the server's histogram"
                : String.format(Locale.ROOT, ", the server's Argon2 p50 %.1f ms (mean %.1f ms, %d computations)",
                        phase.argon2().p50Millis(), phase.argon2().meanMillis(), phase.argon2().count());
    }

    private static Spread spread(List<Round> all, ToDoubleFunction<Round> figure) {
        return Spread.of(all.stream().map(figure::applyAsDouble).toList());
    }

    /** The server's Argon2 histogram now; empty without a metrics address; an error naming it when unreadable. */
    private Argon2Histogram scrape() throws InterruptedException {
        if (metrics == null) {
            return Argon2Histogram.EMPTY;
        }
        Argon2Histogram histogram = Argon2Histogram.scrape(http, metrics);
        if (histogram.equals(Argon2Histogram.EMPTY)) {
            noHistogram = true;
        }
        return histogram;
    }

    /** {@code joiners} threads joining with the right passcode as guests for {@code length}. */
    private Phase joins(String meeting, int joiners, Duration length) throws Exception {
        Argon2Histogram before = scrape();
        LongAdder joined = new LongAdder();
        LongAdder errors = new LongAdder();
        ExecutorService pool = Executors.newFixedThreadPool(joiners);
        long start = System.nanoTime();
        long end = start + length.toNanos();
        String body = JSON.writeValueAsString(Map.of("displayName", "Joiner", "passcode", PASSCODE));
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int i = 0; i < joiners; i++) {
                running.add(pool.submit(() -> {
                    while (System.nanoTime() < end) {
                        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(web.resolve("/api/meetings/" + meeting + "/join"))
                                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                        (answer.statusCode() == 200 ? joined : errors).increment();
                    }
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Phase(joined.sum(), errors.sum(), seconds, scrape().since(before));
    }

    private static double round(double value) {
        return Double.isNaN(value) ? value : Math.round(value * 10) / 10.0;
    }
}
