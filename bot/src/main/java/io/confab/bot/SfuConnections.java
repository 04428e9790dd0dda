package io.confab.bot;

import io.confab.bot.sdp.BotOffer;
import io.confab.bot.sdp.SfuDescription;
import io.confab.bot.source.EncodedAudio;
import io.confab.bot.source.EncodedVideo;
import io.confab.bot.transport.ClientTransport;
import io.confab.core.sfu.dtls.DtlsCertificate;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * A participant's two connections to the SFU, as a browser's two peer connections: publish (its
 * {@link MediaSender}) and subscribe (its {@link MediaReceiver}), under one DTLS certificate, ICE,
 * DTLS and SRTP in the client role. What the SFU's answer and offers mean for them is the same
 * whatever carries the SDP (the signaling WebSocket for a {@link Bot}, direct calls to the SFU in
 * tests); carrying it is the caller's.
 */
final class SfuConnections implements AutoCloseable {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);

    private final String name;
    private final DtlsCertificate certificate = DtlsCertificate.generate("confab-bot");
    private final MediaReceiver receiver;
    private final long sessionId = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
    private ClientTransport publish;
    private ClientTransport subscribe;
    private volatile MediaSender sender;
    private long answerVersion = 1;
    private volatile String failure;

    /** @param name the participant's name, which its connections' threads carry */
    SfuConnections(String name, MediaReceiver receiver) {
        this.name = name;
        this.receiver = receiver;
    }

    /**
     * Opens the publish connection's socket and its sender: Opus, and one video stream per layer of
     * {@code video} (a rid each when there are several); returns the offer to send to the SFU.
     */
    String offerToPublish(String participantId, EncodedAudio audio, EncodedVideo video, boolean synthetic) throws IOException {
        publish = new ClientTransport(name + "-publish", certificate);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        List<BotOffer.VideoStream> streams = video.layers().stream()
                .map(layer -> new BotOffer.VideoStream(layer.rid(), random.nextInt(), random.nextInt())).toList();
        BotOffer offer = new BotOffer(sessionId, publish.local(), certificate.fingerprint(), participantId, random.nextInt(), streams,
                "bot-" + participantId);
        sender = new MediaSender(publish, offer, audio, video, synthetic);
        return offer.sdp();
    }

    /** The SFU's answer to the publish offer: connects, and starts sending once connected. */
    void onPublishAnswer(String sdp) {
        SfuDescription sfu = SfuDescription.parse(sdp);
        publish.connect(sfu.candidate(), sfu.ufrag(), sfu.password(), sfu.fingerprint(), CONNECT_TIMEOUT, sender)
                .thenRun(sender::start)
                .exceptionally(e -> {
                    failure = "publish connection: " + e.getMessage();
                    return null;
                });
    }

    /**
     * An SFU offer of what this participant may receive: {@code answer} takes the answer to send back.
     * The first offer also opens the subscribe connection, which connects after its answer has gone,
     * so that the SFU knows its ICE credentials before the first check.
     */
    synchronized void onSubscribeOffer(String sdp, Consumer<String> answer) {
        SfuDescription sfu = SfuDescription.parse(sdp);
        receiver.announce(sfu.ownerBySsrc(), sfu.kindBySsrc());
        boolean first = subscribe == null;
        if (first) {
            try {
                subscribe = new ClientTransport(name + "-subscribe", certificate);
            } catch (IOException e) {
                failure = "subscribe socket: " + e.getMessage();
                return;
            }
            receiver.transport(subscribe);
        }
        answer.accept(sfu.answer(sessionId + 1, ++answerVersion, subscribe.local(), certificate.fingerprint()));
        if (first) {
            subscribe.connect(sfu.candidate(), sfu.ufrag(), sfu.password(), sfu.fingerprint(), CONNECT_TIMEOUT, receiver)
                    .exceptionally(e -> {
                        failure = "subscribe connection: " + e.getMessage();
                        return null;
                    });
        }
    }

    /** The publish side's sender; null before {@link #offerToPublish}. */
    MediaSender sender() {
        return sender;
    }

    /** What both connections' sockets dropped, summed (zero for a connection not opened). */
    long sum(java.util.function.ToLongFunction<ClientTransport> count) {
        return (publish == null ? 0 : count.applyAsLong(publish)) + (subscribe == null ? 0 : count.applyAsLong(subscribe));
    }

    /** Why a connection failed, or null. */
    String failure() {
        return failure;
    }

    @Override
    public void close() {
        if (sender != null) {
            sender.close();
        }
        if (publish != null) {
            publish.close();
        }
        if (subscribe != null) {
            subscribe.close();
        }
        receiver.close();
    }
}
