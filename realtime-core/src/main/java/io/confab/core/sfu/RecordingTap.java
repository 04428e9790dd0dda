package io.confab.core.sfu;

import io.confab.core.sfu.rtp.RtpPacket;
import io.confab.ingest.TappedPacket;

import java.util.Arrays;
import java.util.function.Predicate;

/**
 * The recording tap's policy: which packets of a meeting go to media-ingest. A recording takes
 * every track; the meeting setting {@code transcription} takes audio alone. Of a video track only
 * one layer reaches the recording: the highest arriving, chosen once and kept, so the mixer sees
 * one continuous stream, and chosen again (with a key frame request) only if it stops arriving.
 * What the packet becomes in Kafka is media-ingest's business ({@link TappedPacket#toMediaPacket}).
 * Never stops forwarding: a refused offer is counted and the packet goes on.
 */
final class RecordingTap extends CountedStage<ReceivedPacket> {

    private final SfuCounters sfu;
    private final KeyframeRequests keyframes;
    /** media-ingest's {@code MediaTap::offer}, or null when the SFU runs without Kafka. */
    private final Predicate<TappedPacket> tap;

    RecordingTap(SfuCounters sfu, KeyframeRequests keyframes, Predicate<TappedPacket> tap) {
        super("recording_tap");
        this.sfu = sfu;
        this.keyframes = keyframes;
        this.tap = tap;
    }

    @Override
    public boolean process(ReceivedPacket packet) {
        Publication publication = packet.publication();
        if (tap == null || !publication.owner.conference.tapping(publication)) {
            return true;
        }
        if (publication.isVideo() && packet.layer.index != chooseLayer(publication, packet.now)) {
            return true;
        }
        RtpPacket rtp = packet.rtp;
        int payload = rtp.payloadOffset();
        TappedPacket tapped = new TappedPacket(publication.tappedTrack(), rtp.ssrc(), rtp.sequenceNumber(), rtp.timestamp(),
                publication.owner.conference.arrivalMicros(packet.now), rtp.marker(), rtp.payloadType(),
                Arrays.copyOfRange(packet.buffer, payload, payload + rtp.payloadLength()),
                packet.audioLevel == ReceivedPacket.NO_AUDIO_LEVEL ? TappedPacket.NO_AUDIO_LEVEL : packet.audioLevel,
                packet.voiceActivity);
        if (tap.test(tapped)) {
            sfu.tapped.increment();
        } else {
            sfu.tapDropped.increment();
        }
        return true;
    }

    private int chooseLayer(Publication publication, long now) {
        if (publication.tapLayer < 0 || !publication.layers.get(publication.tapLayer).active(now)) {
            int chosen = -1;
            for (Publication.Layer candidate : publication.layers) {
                if (candidate.active(now)) {
                    chosen = candidate.index;
                }
            }
            if (chosen != publication.tapLayer) {
                publication.tapLayer = chosen;
                if (chosen >= 0) {
                    keyframes.request(publication.layers.get(chosen), now);
                }
            }
        }
        return publication.tapLayer;
    }
}
