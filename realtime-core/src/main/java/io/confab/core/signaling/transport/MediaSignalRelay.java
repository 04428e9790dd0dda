package io.confab.core.signaling.transport;

import io.confab.core.sfu.MediaSignal;
import io.confab.core.sfu.SfuSignals;
import io.confab.core.signaling.protocol.Answer;
import io.confab.core.signaling.protocol.ErrorCode;
import io.confab.core.signaling.protocol.Offer;
import io.confab.core.signaling.protocol.ParticipantId;
import io.confab.core.signaling.protocol.ServerMessage;

/**
 * Carries what the SFU tells a participant onto the signaling connection, as the wire message the
 * web client and the bot read. The translation sits here, on signaling's side, so that the SFU's
 * media code never names a wire type.
 */
public final class MediaSignalRelay implements SfuSignals {

    private final SignalingService signaling;

    public MediaSignalRelay(SignalingService signaling) {
        this.signaling = signaling;
    }

    @Override
    public void send(String meetingId, ParticipantId to, MediaSignal signal) {
        signaling.fromMedia(meetingId, to, toWire(signal));
    }

    @Override
    public void activeSpeaker(String meetingId, ParticipantId speaker) {
        signaling.activeSpeaker(meetingId, speaker);
    }

    static ServerMessage.Negotiation toWire(MediaSignal signal) {
        if (signal instanceof MediaSignal.Offer offer) {
            return new Offer(offer.sdp());
        }
        if (signal instanceof MediaSignal.Answer answer) {
            return new Answer(answer.sdp());
        }
        if (signal instanceof MediaSignal.Layers layers) {
            return new ServerMessage.Layers(layers.active());
        }
        MediaSignal.TooManyTracks refused = (MediaSignal.TooManyTracks) signal;
        return new ServerMessage.ErrorReply(ErrorCode.TOO_MANY_TRACKS, refused.reason(), null);
    }
}
