package io.confab.bot;

import io.confab.bot.sdp.SfuDescription;
import io.confab.bot.source.SyntheticAudio;
import io.confab.bot.source.SyntheticVideo;
import io.confab.core.mediaplane.MediaCommand;
import io.confab.core.mediaplane.MediaNegotiation;
import io.confab.core.mediaplane.MediaPlane;
import io.confab.core.sfu.MediaSignal;
import io.confab.core.sfu.Sfu;
import io.confab.core.signaling.protocol.ParticipantId;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A bot's media side joined straight to an {@link Sfu} through its {@link MediaPlane}, with no
 * meeting service or signaling server between: what a room would send (connect, publish offer,
 * subscribe answers) goes to {@link Sfu#apply}, and what the SFU signals back arrives through
 * {@link #onSignal} and is handled on this participant's own thread, as on a signaling connection.
 * Media is the bot's own ({@link SfuConnections}): ICE, DTLS and SRTP in the client role over real
 * UDP sockets on loopback, stand-in audio and one 360p VP8 stream with real headers.
 */
final class DirectParticipant implements AutoCloseable {

    final ParticipantId id;
    private final Sfu sfu;
    private final MediaPlane.MeetingRef meeting;
    private final MediaReceiver receiver = new MediaReceiver(false);
    private final SfuConnections connections;
    private final ExecutorService signaling;
    private volatile InetSocketAddress publishCandidate;
    private volatile InetSocketAddress subscribeCandidate;
    private volatile String failure;

    DirectParticipant(Sfu sfu, MediaPlane.MeetingRef meeting, String id) {
        this.sfu = sfu;
        this.meeting = meeting;
        this.id = new ParticipantId(id);
        this.connections = new SfuConnections(id, receiver);
        this.signaling = Executors.newSingleThreadExecutor(r -> {
            Thread thread = new Thread(r, id + "-signaling");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Connects to the meeting's media and offers to publish. */
    void join() throws IOException {
        sfu.apply(meeting, new MediaCommand.Connect(id, id.value()));
        String offer = connections.offerToPublish(id.value(), new SyntheticAudio(40), new SyntheticVideo(500_000, 640, 360), true);
        sfu.apply(meeting, new MediaCommand.Negotiate(id, new MediaNegotiation.PublishOffer(offer)));
    }

    /** What the SFU tells this participant (called on the SFU's thread; handled on ours). */
    void onSignal(MediaSignal signal) {
        signaling.execute(() -> {
            try {
                handle(signal);
            } catch (RuntimeException e) {
                failure = signal.getClass().getSimpleName() + ": " + e;
            }
        });
    }

    private void handle(MediaSignal signal) {
        if (signal instanceof MediaSignal.Answer answer) {
            publishCandidate = SfuDescription.parse(answer.sdp()).candidate();
            connections.onPublishAnswer(answer.sdp());
        } else if (signal instanceof MediaSignal.Offer offer) {
            if (subscribeCandidate == null) {
                subscribeCandidate = SfuDescription.parse(offer.sdp()).candidate();
            }
            connections.onSubscribeOffer(offer.sdp(), answer -> sfu.apply(meeting,
                    new MediaCommand.Negotiate(id, new MediaNegotiation.SubscribeAnswer(answer))));
        } else if (signal instanceof MediaSignal.Layers layers) {
            connections.sender().keepLayers(layers.active());
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

    /** Why signaling or a connection failed, or null. */
    String failure() {
        return failure != null ? failure : connections.failure();
    }

    @Override
    public void close() {
        signaling.shutdownNow();
        connections.close();
    }
}
