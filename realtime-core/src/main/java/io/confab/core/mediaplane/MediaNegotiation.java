package io.confab.core.mediaplane;

import java.util.Objects;

/**
 * A participant's part of their media negotiation, as the SFU takes it: the room translates the
 * signaling wire messages into these, so the SFU never sees the wire format.
 */
public sealed interface MediaNegotiation {

    /** The participant's offer for their publish connection. */
    record PublishOffer(String sdp) implements MediaNegotiation {
        public PublishOffer {
            Objects.requireNonNull(sdp, "sdp");
        }
    }

    /** The participant's answer to the SFU's offer on their subscribe connection. */
    record SubscribeAnswer(String sdp) implements MediaNegotiation {
        public SubscribeAnswer {
            Objects.requireNonNull(sdp, "sdp");
        }
    }

    /** A trickled ICE candidate; the ICE-lite SFU learns addresses from checks and needs none of them. */
    record IceCandidate(String candidate, String sdpMid, Integer sdpMLineIndex) implements MediaNegotiation {
    }

    /**
     * What the participant wants to receive: a layout (speaker or grid) and an optional ceiling.
     *
     * @param maxBitrateKbps null when the participant sets no ceiling
     */
    record VideoPreference(String layout, Integer maxBitrateKbps) implements MediaNegotiation {
    }
}
