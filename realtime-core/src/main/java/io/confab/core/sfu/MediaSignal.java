package io.confab.core.sfu;

import java.util.List;

/**
 * What the SFU has to tell one participant about its media: SDP to apply, which simulcast layers to
 * send, or why an offer was refused. Signaling turns each into its wire message, so the media plane
 * knows nothing of the WebSocket protocol.
 */
public sealed interface MediaSignal {

    /** A subscribe offer (RFC 8829 §5.2) for the participant's receiving connection. */
    record Offer(String sdp) implements MediaSignal {
    }

    /** The answer to the participant's publish offer (RFC 8829 §5.3). */
    record Answer(String sdp) implements MediaSignal {
    }

    /** The simulcast layers (rids) someone receives, so the sender can pause the others. */
    record Layers(List<String> active) implements MediaSignal {
        public Layers {
            active = List.copyOf(active);
        }
    }

    /** A publish offer refused for its number of tracks; {@code reason} is for people. */
    record TooManyTracks(String reason) implements MediaSignal {
    }
}
