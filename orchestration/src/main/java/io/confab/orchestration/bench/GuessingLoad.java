package io.confab.orchestration.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.confab.orchestration.meetings.MeetingServiceClient;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Join tickets per second ({@code POST /api/meetings/{id}/join} with the right passcode, its Argon2
 * check included) from 127.0.0.1, first alone, then while a passcode-guessing flood against the same
 * meeting comes from other loopback addresses (Linux routes all of 127/8 to the loopback device).
 */
public final class GuessingLoad {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSCODE = "bench42";

    /**
     * @param floodAnswers the flood's answers by HTTP status (404: a wrong guess checked; 429: refused
     *                     unchecked by the throttle; 503: the Argon2 queue was full)
     */
    public record Figures(int joiners, int flooders, int floodAddresses, double seconds,
                          double joinsPerSecondAlone, double joinsPerSecondUnderFlood, double underFloodPercent,
                          long joinErrorsAlone, long joinErrorsUnderFlood, double floodRequestsPerSecond,
                          Map<Integer, Long> floodAnswers) {
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

    public Figures run(int joiners, int flooders, int floodAddresses, Duration phase) throws Exception {
        String token = meetingService.newAccount("guessing-bench", "a bench passphrase", "Bench");
        String meeting = meetingService.post("/api/meetings", Map.of("topic", "Guessing bench", "type", "INSTANT", "passcode", PASSCODE,
                "settings", Map.of("waitingRoom", false, "joinBeforeHost", true)), token).path("id").asText();

        progress.accept("warming up: joins for 5 s...");
        joins(meeting, joiners, Duration.ofSeconds(5));
        progress.accept("joins alone for " + phase.toSeconds() + " s (" + joiners + " joiners)...");
        Phase alone = joins(meeting, joiners, phase);
        progress.accept("  " + Math.round(alone.perSecond()) + " joins/s");

        progress.accept("joins while " + flooders + " flooders guess from " + floodAddresses + " other address(es)...");
        Map<Integer, LongAdder> answers = new ConcurrentHashMap<>();
        AtomicBoolean flooding = new AtomicBoolean(true);
        ExecutorService floodPool = Executors.newFixedThreadPool(flooders);
        long floodStart = System.nanoTime();
        List<Future<?>> flood = new ArrayList<>();
        for (int i = 0; i < flooders; i++) {
            InetAddress from = InetAddress.getByAddress(new byte[] {127, 0, (byte) (100 + (i % floodAddresses) / 250),
                    (byte) (1 + (i % floodAddresses) % 250)});
            flood.add(floodPool.submit(() -> {
                long guess = 0;
                while (flooding.get()) {
                    int status = guess(from, meeting, "guess" + (guess++ % 100000));
                    answers.computeIfAbsent(status, s -> new LongAdder()).increment();
                }
                return null;
            }));
        }
        Phase flooded;
        try {
            Thread.sleep(2_000);
            flooded = joins(meeting, joiners, phase);
        } finally {
            flooding.set(false);
            floodPool.shutdown();
            floodPool.awaitTermination(30, TimeUnit.SECONDS);
        }
        double floodSeconds = (System.nanoTime() - floodStart) / 1e9;
        for (Future<?> f : flood) {
            f.get();
        }
        progress.accept("  " + Math.round(flooded.perSecond()) + " joins/s");
        Map<Integer, Long> counted = new TreeMap<>();
        answers.forEach((status, count) -> counted.put(status, count.sum()));
        long floodTotal = counted.values().stream().mapToLong(Long::longValue).sum();
        return new Figures(joiners, flooders, floodAddresses, phase.toMillis() / 1000.0, round(alone.perSecond()),
                round(flooded.perSecond()), round(100 * flooded.perSecond() / alone.perSecond()), alone.errors(), flooded.errors(),
                round(floodTotal / floodSeconds), counted);
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

    /** One wrong-passcode join from {@code from}, over a connection of its own; the HTTP status. */
    private int guess(InetAddress from, String meeting, String passcode) {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress(web.getHost(), web.getPort()), 5_000);
            socket.setSoTimeout(30_000);
            byte[] json = JSON.writeValueAsBytes(Map.of("displayName", "Guesser", "passcode", passcode));
            OutputStream out = socket.getOutputStream();
            out.write(("POST /api/meetings/" + meeting + "/join HTTP/1.1\r\nHost: " + web.getHost() + ":" + web.getPort()
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + json.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(json);
            out.flush();
            byte[] head = socket.getInputStream().readNBytes(12);
            return Integer.parseInt(new String(head, StandardCharsets.US_ASCII).substring(9, 12));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }


    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
