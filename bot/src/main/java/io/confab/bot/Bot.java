package io.confab.bot;


import com.fasterxml.jackson.databind.JsonNode;
import io.confab.bot.signaling.SignalingSession;
import io.confab.bot.transport.ClientTransport;
import io.confab.bot.source.EncodedAudio;
import io.confab.bot.source.EncodedVideo;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One meeting participant without a browser. It asks the meeting service for a join ticket, joins
 * over the signaling WebSocket, offers its publish connection (Opus, and VP8 as three rid simulcast
 * layers or one stream, as its video source has them), answers the SFU's subscribe offers, and
 * connects both with ICE, DTLS and SRTP in the client role. It pauses and resumes layers as the
 * SFU's {@code layers} message says. It stays for the given time (until the meeting ends, or
 * {@link #leave()}) and reports what it sent and received.
 */
public final class Bot implements AutoCloseable {

    /** Everything a bot needs; {@code synthetic} sends stand-in frames and skips decoding (load tests). */
    public record Options(String web, String meetingId, String name, String passcode, String bearer, Duration duration,
                          boolean synthetic) {
    }

    private final Options options;
    private final EncodedAudio audio;
    private final EncodedVideo video;
    private final HttpClient http = HttpClient.newHttpClient();
    private final MediaReceiver receiver;
    private final SfuConnections connections;
    private final Map<String, String> names = new ConcurrentHashMap<>();
    private final CompletableFuture<String> joined = new CompletableFuture<>();
    private final CompletableFuture<String> ended = new CompletableFuture<>();
    private final CompletableFuture<Void> leaving = new CompletableFuture<>();
    private volatile long startNanos = System.nanoTime();
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "bot-timers");
        thread.setDaemon(true);
        return thread;
    });
    private SignalingSession signaling;
    private volatile String failure;

    public Bot(Options options, EncodedAudio audio, EncodedVideo video) {
        this.options = options;
        this.audio = audio;
        this.video = video;
        this.receiver = new MediaReceiver(!options.synthetic());
        this.connections = new SfuConnections(options.name(), receiver);
    }

    /** Joins, stays {@code duration} (or until the meeting ends), leaves, and reports. */
    public BotReport run() throws Exception {
        startNanos = System.nanoTime();
        JsonNode ticket = SignalingSession.joinTicket(http, options.web(), options.meetingId(), options.name(),
                options.passcode(), options.bearer());
        signaling = SignalingSession.open(http, options.web(), ticket.path("signalingUrl").asText("/ws"), this::onFrame);
        signaling.closed().thenAccept(reason -> ended.complete("signaling closed: " + reason));
        Map<String, Object> join = new java.util.LinkedHashMap<>();
        join.put("type", "join_meeting");
        join.put("id", "join");
        join.put("meetingId", options.meetingId());
        join.put("displayName", options.name());
        if (options.passcode() != null) {
            join.put("passcode", options.passcode());
        }
        join.put("token", ticket.path("token").asText());
        signaling.send(join);
        String participantId = CompletableFuture.anyOf(joined, ended).thenApply(x -> joined.getNow(null))
                .get(options.duration().toMillis() + 30_000, TimeUnit.MILLISECONDS);
        if (participantId == null) {
            throw new IllegalStateException(options.name() + " could not join: " + ended.getNow("?"));
        }
        publish();
        timers.scheduleAtFixedRate(receiver::sendNacks, 20, 20, TimeUnit.MILLISECONDS);
        try {
            CompletableFuture.anyOf(ended, leaving).get(options.duration().toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException stayedToTheEnd) {
            // The normal way out: the time is up.
        }
        String endedReason = ended.getNow(null);
        if (endedReason == null) {
            signaling.send(Map.of("type", "leave_meeting"));
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        close();
        return report(participantId, seconds, endedReason);
    }

    private void publish() throws Exception {
        String offer = connections.offerToPublish(joined.get(), audio, video, options.synthetic());
        signaling.send(Map.of("type", "offer", "sdp", offer));
    }

    private void onFrame(JsonNode frame) {
        try {
            switch (frame.path("type").asText()) {
                case "joined" -> {
                    for (JsonNode p : frame.path("participants")) {
                        names.put(p.path("participantId").asText(), p.path("displayName").asText());
                    }
                    joined.complete(frame.path("you").path("participantId").asText());
                }
                case "participant_joined" -> names.put(frame.path("participant").path("participantId").asText(),
                        frame.path("participant").path("displayName").asText());
                case "answer" -> connections.onPublishAnswer(frame.path("sdp").asText());
                case "offer" -> connections.onSubscribeOffer(frame.path("sdp").asText(),
                        answer -> signaling.send(Map.of("type", "answer", "sdp", answer)));
                case "muted", "unmuted" -> {
                    MediaSender sender = connections.sender();
                    if (frame.path("participantId").asText().equals(joined.getNow("")) && "audio".equals(frame.path("kind").asText())
                            && sender != null) {
                        sender.audioOn(frame.path("type").asText().equals("unmuted"));
                    }
                }
                case "layers" -> {
                    MediaSender sender = connections.sender();
                    if (sender != null) {
                        List<String> active = new ArrayList<>();
                        frame.path("active").forEach(rid -> active.add(rid.asText()));
                        sender.keepLayers(active);
                    }
                }
                case "meeting_ended" -> ended.complete("meeting ended: " + frame.path("reason").asText());
                case "kicked" -> ended.complete("kicked: " + frame.path("reason").asText(""));
                case "error" -> {
                    if (!joined.isDone()) {
                        ended.complete("refused: " + frame.path("message").asText());
                    }
                }
                default -> {
                }
            }
        } catch (RuntimeException e) {
            failure = e.getMessage();
        }
    }

    private BotReport report(String participantId, double seconds, String endedReason) {
        long audioPackets = 0;
        long videoPackets = 0;
        long frames = 0;
        TreeSet<String> from = new TreeSet<>();
        List<BotReport.Sender> senders = new ArrayList<>();
        for (Map.Entry<String, MediaReceiver.SenderFigures> entry : receiver.bySender().entrySet()) {
            MediaReceiver.SenderFigures f = entry.getValue();
            audioPackets += f.audioPackets();
            videoPackets += f.videoPackets();
            frames += f.framesDecoded();
            String name = names.getOrDefault(entry.getKey(), entry.getKey());
            if (f.audioPackets() + f.videoPackets() > 0) {
                from.add(name);
            }
            double loss = f.expected() == 0 ? 0 : Math.max(0, (double) (f.expected() - f.received()) / f.expected());
            senders.add(new BotReport.Sender(entry.getKey(), name, f.audioPackets(), f.videoPackets(), f.framesDecoded(), loss,
                    f.videoWidth(), f.videoWidths()));
        }
        MediaSender sending = connections.sender();
        BotReport.Sent sent = sending == null ? new BotReport.Sent(0, 0, 0, 0, 0, List.of())
                : new BotReport.Sent(sending.audioPackets.get(), sending.videoPackets.get(), sending.videoFrames.get(),
                        sending.keyFrameRequests.get(), sending.retransmissions.get(), sending.sentLayers());
        BotReport.Dropped dropped = new BotReport.Dropped(signaling == null ? 0 : signaling.unreadableFrames(),
                sending == null ? 0 : sending.rtcpUnreadable.count(), sending == null ? 0 : sending.audioFramesDropped.count(),
                sending == null ? 0 : sending.videoPicturesDropped.count(),
                connections.sum(ClientTransport::srtpFailures), connections.sum(ClientTransport::unreadableDatagrams),
                connections.sum(ClientTransport::socketErrors), connections.sum(ClientTransport::sendsRefused));
        String ended = endedReason != null ? endedReason : failure != null ? failure : connections.failure();
        return new BotReport(options.name(), participantId, options.meetingId(), Math.round(seconds * 10) / 10.0, sent,
                new BotReport.Received(audioPackets, videoPackets, frames, List.copyOf(from)), senders, dropped, ended);
    }

    /** The report so far, while the bot is still in the meeting (tests wait on it). */
    public BotReport progress() {
        return report(joined.getNow(null), (System.nanoTime() - startNanos) / 1e9, ended.getNow(null));
    }

    /** Leaves now instead of at the end of the duration; {@link #run()} then reports as usual. */
    public void leave() {
        leaving.complete(null);
    }

    /** Completes with this bot's participant id once it is in the meeting. */
    public CompletableFuture<String> joined() {
        return joined.copy();
    }

    /** One-way delays through the SFU of stamped (synthetic) video packets, sorted, in nanoseconds. */
    public List<Long> delays() {
        return receiver.delays();
    }

    @Override
    public void close() {
        timers.shutdownNow();
        connections.close();
        if (signaling != null) {
            signaling.close();
        }
    }
}
