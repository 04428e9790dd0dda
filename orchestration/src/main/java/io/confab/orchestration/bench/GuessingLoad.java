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
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Join tickets per second ({@code POST /api/meetings/{id}/join} with the right passcode, its Argon2
 * check included) from 127.0.0.1, first alone, then while a passcode-guessing flood against the same
 * meeting comes from other loopback addresses (Linux routes all of 127/8 to the loopback device),
 * sent by a {@link GuessingFlood} process in a session of its own.
 */
public final class GuessingLoad {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSCODE = "bench42";

    /**
     * @param floodAnswers the flood's answers by HTTP status (404: a wrong guess checked; 429: refused
     *                     unchecked by the throttle or, its address locked out, when its connection was
     *                     accepted; 503: the Argon2 queue was full; -1: no answer, as when the server's
     *                     kernel drops the flood's connection requests and each connect times out after 5 s)
     * @param floodNice    the nice value of the flood's scheduling group
     */
    public record Figures(int joiners, int flooders, int floodAddresses, double seconds,
                          double joinsPerSecondAlone, double joinsPerSecondUnderFlood, double underFloodPercent,
                          long joinErrorsAlone, long joinErrorsUnderFlood, double floodRequestsPerSecond,
                          Map<Integer, Long> floodAnswers, int floodNice) {
    }

    private record Phase(long joins, long errors, double seconds) {
        double perSecond() {
            return joins / seconds;
        }
    }

    private final URI web;
    private final Consumer<String> progress;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final MeetingServiceClient meetingService;

    public GuessingLoad(String webUrl, Consumer<String> progress) {
        this.web = URI.create(webUrl);
        this.meetingService = new MeetingServiceClient(http, webUrl);
        this.progress = progress;
    }

    /**
     * @param floodNice the nice value of the flood's scheduling group (0-19; 19 yields the cores most
     *                  to the platform), see {@link GuessingFlood}
     */
    public Figures run(int joiners, int flooders, int floodAddresses, int floodNice, Duration phase) throws Exception {
        String token = meetingService.newAccount("guessing-bench", "a bench passphrase", "Bench");
        String meeting = meetingService.post("/api/meetings", Map.of("topic", "Guessing bench", "type", "INSTANT", "passcode", PASSCODE,
                "settings", Map.of("waitingRoom", false, "joinBeforeHost", true)), token).path("id").asText();

        progress.accept("warming up: joins for 5 s...");
        joins(meeting, joiners, Duration.ofSeconds(5));
        progress.accept("joins alone for " + phase.toSeconds() + " s (" + joiners + " joiners)...");
        Phase alone = joins(meeting, joiners, phase);
        progress.accept("  " + Math.round(alone.perSecond()) + " joins/s");

        progress.accept("joins while " + flooders + " flooders guess from " + floodAddresses + " other address(es)"
                + " (a process in its own session, scheduling group nice " + floodNice + ")...");
        // Stopped by closing its input; the deadline is only for a bench that dies without closing it.
        long deadline = phase.toSeconds() + 60;
        Process flood = new ProcessBuilder("setsid", "-w", Installation.javaExecutable(), "-Xmx256m", "-cp",
                System.getProperty("java.class.path"), GuessingFlood.class.getName(), web.getHost(), Integer.toString(web.getPort()),
                meeting, Integer.toString(flooders), Integer.toString(floodAddresses), Long.toString(deadline),
                Integer.toString(floodNice))
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
        progress.accept("  " + Math.round(flooded.perSecond()) + " joins/s");
        long floodTotal = counted.values().stream().mapToLong(Long::longValue).sum();
        return new Figures(joiners, flooders, floodAddresses, phase.toMillis() / 1000.0, round(alone.perSecond()),
                round(flooded.perSecond()), round(100 * flooded.perSecond() / alone.perSecond()), alone.errors(), flooded.errors(),
                round(floodTotal / floodSeconds), counted, floodNice);
    }

    /** {@code joiners} threads joining with the right passcode as guests for {@code length}. */
    private Phase joins(String meeting, int joiners, Duration length) throws Exception {
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
        return new Phase(joined.sum(), errors.sum(), (System.nanoTime() - start) / 1e9);
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
