package io.confab.bot;

import io.confab.bot.sdp.BotOffer;
import io.confab.bot.sdp.SfuDescription;
import io.confab.bot.source.SyntheticAudio;
import io.confab.bot.source.SyntheticVideo;
import io.confab.bot.transport.ClientTransport;
import io.confab.core.mediaplane.MediaCommand;
import io.confab.core.mediaplane.MediaNegotiation;
import io.confab.core.mediaplane.MediaPlane;
import io.confab.core.sfu.MediaSignal;
import io.confab.core.sfu.Sfu;
import io.confab.core.sfu.dtls.DtlsCertificate;
import io.confab.core.signaling.protocol.ParticipantId;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A bot's media side joined straight to an {@link Sfu} through its {@link MediaPlane}, with no
 * meeting service or signaling server between: what a room would send (connect, publish offer,
 * subscribe answers) goes to {@link Sfu#apply}, and what the SFU signals back arrives through
 * {@link #onSignal} and is handled on this participant's own thread, as on a signaling connection.
 * Media is the bot's own: ICE, DTLS and SRTP in the client role over real UDP sockets on loopback,
 * stand-in audio and one 360p VP8 stream with real headers.
 */
final class DirectParticipant implements AutoCloseable {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);

    final ParticipantId id;
    private final Sfu sfu;
    private final MediaPlane.MeetingRef meeting;
    private final DtlsCertificate certificate = DtlsCertificate.generate("confab-bot");
    private final MediaReceiver receiver = new MediaReceiver(false);
    private final ExecutorService signaling;
    private final long sessionId = ThreadLocalRandom.current().nextLong(1, Long.MAX_VALUE);
    private ClientTransport publish;
    private ClientTransport subscribe;
    private MediaSender sender;
    private long answerVersion = 1;
    private volatile InetSocketAddress publishCandidate;
    private volatile InetSocketAddress subscribeCandidate;
    private volatile String failure;

    DirectParticipant(Sfu sfu, MediaPlane.MeetingRef meeting, String id) {
        this.sfu = sfu;
        this.meeting = meeting;
        this.id = new ParticipantId(id);
        this.signaling = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, id + "-signaling");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Connects to the meeting's media and offers to publish. */
    void join() throws IOException {
        sfu.apply(meeting, new MediaCommand.Connect(id, id.value()));
        publish = new ClientTransport(id.value() + "-publish", certificate);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        BotOffer offer = new BotOffer(sessionId, publish.local(), certificate.fingerprint(), id.value(), random.nextInt(),
                random.nextInt(), random.nextInt(), "bot-" + id.value());
        sender = new MediaSender(publish, offer, new SyntheticAudio(40), new SyntheticVideo(500_000, 640, 360), true);
        sfu.apply(meeting, new MediaCommand.Negotiate(id, new MediaNegotiation.PublishOffer(offer.sdp())));
    }

    /** What the SFU tells this participant (called on the SFU's thread; handled on ours). */
    void onSignal(MediaSignal signal) {
        signaling.execute(() -> {
            try {
                handle(signal);
            } catch (IOException | RuntimeException e) {
                failure = signal.getClass().getSimpleName() + ": " + e;
            }
        });
    }

    private void handle(MediaSignal signal) throws IOException {
        if (signal instanceof MediaSignal.Answer answer) {
            SfuDescription description = SfuDescription.parse(answer.sdp());
            publishCandidate = description.candidate();
            publish.connect(description.candidate(), description.ufrag(), description.password(), description.fingerprint(),
                    CONNECT_TIMEOUT, sender).thenRun(sender::start).exceptionally(e -> {
                        failure = "publish connection: " + e;
                        return null;
                    });
        } else if (signal instanceof MediaSignal.Offer offer) {
            SfuDescription description = SfuDescription.parse(offer.sdp());
            receiver.announce(description.ownerBySsrc(), description.kindBySsrc());
            boolean first = subscribe == null;
            if (first) {
                subscribe = new ClientTransport(id.value() + "-subscribe", certificate);
                receiver.transport(subscribe);
                subscribeCandidate = description.candidate();
            }
            sfu.apply(meeting, new MediaCommand.Negotiate(id, new MediaNegotiation.SubscribeAnswer(
                    description.answer(sessionId + 1, ++answerVersion, subscribe.local(), certificate.fingerprint()))));
            if (first) {
                subscribe.connect(description.candidate(), description.ufrag(), description.password(), description.fingerprint(),
                        CONNECT_TIMEOUT, receiver).exceptionally(e -> {
                            failure = "subscribe connection: " + e;
                            return null;
                        });
            }
        } else if (signal instanceof MediaSignal.Layers layers) {
            sender.keepLayers(layers.active());
        } else {
            failure = "refused: " + signal;
        }
    }

    /** Video packets received so far from {@code other}. */
    long videoPacketsFrom(DirectParticipant other) {
        MediaReceiver.SenderFigures figures = receiver.bySender().get(other.id.value());
        return figures == null ? 0 : figures.videoPackets();
    }

    /** Audio packets received so far from {@code other}. */
    long audioPacketsFrom(DirectParticipant other) {
        MediaReceiver.SenderFigures figures = receiver.bySender().get(other.id.value());
        return figures == null ? 0 : figures.audioPackets();
    }

    /** The SFU addresses this participant's publish and subscribe answers named (null before each came). */
    List<InetSocketAddress> candidates() {
        return java.util.Arrays.asList(publishCandidate, subscribeCandidate);
    }

    String failure() {
        return failure;
    }

    @Override
    public void close() {
        signaling.shutdownNow();
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
