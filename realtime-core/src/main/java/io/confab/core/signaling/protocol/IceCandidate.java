package io.confab.core.signaling.protocol;

import java.util.Objects;

/**
 * A trickled ICE candidate, either way. As in the browser's RTCIceCandidateInit: an empty
 * {@code candidate} signals the end of candidates; at least one of {@code sdpMid} and
 * {@code sdpMLineIndex} is present, since without either no m-section can take the candidate.
 */
public record IceCandidate(String candidate, String sdpMid, Integer sdpMLineIndex)
        implements PeerNegotiation {
    public IceCandidate {
        Objects.requireNonNull(candidate, "candidate");
        if (sdpMid == null && sdpMLineIndex == null) {
            throw new IllegalArgumentException("an ICE candidate needs sdpMid or sdpMLineIndex");
        }
    }
}
