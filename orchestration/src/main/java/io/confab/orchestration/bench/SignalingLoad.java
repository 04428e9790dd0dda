package io.confab.orchestration.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.confab.orchestration.meetings.MeetingServiceClient;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Load on signaling from one process: many WebSocket participants in many meetings on a running
 * platform. Measures connect-to-joined latency, the messages per second the server delivers while
 * every participant chats, and (with the server's pid) its resident memory per participant.
 */
public final class SignalingLoad {

    /** What one run measured. */
    public record Figures(int participants, int meetings, double joinP50Ms, double joinP99Ms, double joinMaxMs,
                          long chatsSent, long messagesDelivered, double deliveredPerSecond, double seconds,
                          double serverRssBeforeMiB, double serverRssAfterMiB, double kibPerParticipant,
                          long events, double eventDelayP50Ms, double eventDelayP99Ms, double eventDelayMaxMs) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String web;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final MeetingServiceClient meetingService;
    private final Consumer<String> progress;
    private final String kafka;
    private final io.confab.storage.kafka.KafkaLogin kafkaLogin;

    /**
     * @param kafka      bootstrap servers, to time the meeting events on their way to Kafka; null to skip
     * @param kafkaLogin how to authenticate to that Kafka
     */
    public SignalingLoad(String webUrl, String kafka, io.confab.storage.kafka.KafkaLogin kafkaLogin, Consumer<String> progress) {
        this.web = webUrl;
        this.meetingService = new MeetingServiceClient(http, webUrl);
        this.kafka = kafka;
        this.kafkaLogin = kafkaLogin;
        this.progress = progress;
    }

    public Figures run(int meetings, int perMeeting, Duration chatFor, double chatsPerSecondEach, long serverPid)
            throws Exception {
        progress.accept("creating " + meetings + " meetings...");
        List<String> meetingIds = new ArrayList<>();
        String host = meetingService.newAccount("load", "load test passphrase", "Load");
        for (int i = 0; i < meetings; i++) {
            meetingIds.add(meetingService.post("/api/meetings", Map.of("topic", "load " + i, "type", "INSTANT",
                    "settings", Map.of("waitingRoom", false, "joinBeforeHost", true)), host).path("id").asText());
        }
        progress.accept("getting " + meetings * perMeeting + " join tickets...");
        List<String[]> seats = new ArrayList<>();
        for (String id : meetingIds) {
            for (int p = 0; p < perMeeting; p++) {
                String token = meetingService.post("/api/meetings/" + id + "/join", Map.of("displayName", "Bot " + p), null).path("token").asText();
                seats.add(new String[]{id, token});
            }
        }
        EventDelay eventDelay = kafka == null ? null : new EventDelay(kafka, kafkaLogin, java.util.Set.copyOf(meetingIds));
        double rssBefore = rssMiB(serverPid);
        AtomicLong delivered = new AtomicLong();
        progress.accept("connecting " + seats.size() + " participants...");
        List<Participant> participants = new ArrayList<>();
        long[] joinNanos = new long[seats.size()];
        List<CompletableFuture<Void>> joined = new ArrayList<>();
        for (int i = 0; i < seats.size(); i++) {
            Participant participant = new Participant(delivered);
            participants.add(participant);
            int index = i;
            String[] seat = seats.get(i);
            long start = System.nanoTime();
            joined.add(participant.connect(web, seat[0], seat[1]).thenRun(() -> joinNanos[index] = System.nanoTime() - start));
            if (i % 50 == 49) {
                // Let the server breathe between waves, as real arrivals are spread out.
                CompletableFuture.allOf(joined.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
            }
        }
        CompletableFuture.allOf(joined.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        double rssAfter = rssMiB(serverPid);
        progress.accept("all joined; chatting for " + chatFor.toSeconds() + " s...");

        delivered.set(0);
        long begin = System.nanoTime();
        long sent = 0;
        long intervalNanos = (long) (1e9 / chatsPerSecondEach);
        long next = begin;
        while (System.nanoTime() - begin < chatFor.toNanos()) {
            for (Participant participant : participants) {
                participant.chat("load " + sent);
                sent++;
            }
            next += intervalNanos;
            long sleep = next - System.nanoTime();
            if (sleep > 0) {
                TimeUnit.NANOSECONDS.sleep(sleep);
            }
        }
        // Let the last messages arrive before counting.
        TimeUnit.SECONDS.sleep(2);
        double seconds = (System.nanoTime() - begin) / 1e9;
        long count = delivered.get();
        participants.forEach(Participant::close);
        EventDelay.Figures delay = eventDelay == null ? new EventDelay.Figures(0, Double.NaN, Double.NaN, Double.NaN)
                : eventDelay.finish(Duration.ofSeconds(3));
        if (eventDelay != null) {
            eventDelay.close();
        }

        double[] sorted = Arrays.stream(joinNanos).mapToDouble(n -> n / 1e6).sorted().toArray();
        double perParticipant = serverPid > 0 ? (rssAfter - rssBefore) * 1024 / seats.size() : Double.NaN;
        return new Figures(seats.size(), meetings, percentile(sorted, 50), percentile(sorted, 99), sorted[sorted.length - 1],
                sent, count, count / seconds, seconds, rssBefore, rssAfter, perParticipant,
                delay.events(), delay.p50Ms(), delay.p99Ms(), delay.maxMs());
    }

    private static double percentile(double[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static double rssMiB(long pid) {
        return pid > 0 ? ProcessMemory.of(List.of(pid)).rssMiB() : Double.NaN;
    }


    /** One bot participant on its own WebSocket. */
    private final class Participant implements WebSocket.Listener {
        private final AtomicLong delivered;
        private final CompletableFuture<Void> joined = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        private WebSocket socket;
        /** The JDK's WebSocket takes one send at a time: each chat waits for the one before. */
        private CompletableFuture<WebSocket> lastSend;

        Participant(AtomicLong delivered) {
            this.delivered = delivered;
        }

        CompletableFuture<Void> connect(String webUrl, String meetingId, String token) {
            return http.newWebSocketBuilder().buildAsync(URI.create(webUrl.replaceFirst("^http", "ws") + "/ws"), this)
                    .thenCompose(ws -> {
                        socket = ws;
                        lastSend = CompletableFuture.completedFuture(ws);
                        return ws.sendText("{\"type\":\"join_meeting\",\"meetingId\":\"" + meetingId
                                + "\",\"displayName\":\"Bot\",\"token\":\"" + token + "\"}", true);
                    })
                    .thenCompose(ws -> joined);
        }

        void chat(String text) {
            lastSend = lastSend.thenCompose(ws -> ws.sendText("{\"type\":\"chat\",\"text\":\"" + text + "\"}", true));
        }

        void close() {
            socket.abort();
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String frame = partial.toString();
                partial.setLength(0);
                delivered.incrementAndGet();
                if (!joined.isDone() && frame.contains("\"type\":\"joined\"")) {
                    joined.complete(null);
                } else if (!joined.isDone() && frame.contains("\"type\":\"error\"")) {
                    joined.completeExceptionally(new IOException("join refused: " + frame));
                }
            }
            webSocket.request(1);
            return null;
        }
    }
}
