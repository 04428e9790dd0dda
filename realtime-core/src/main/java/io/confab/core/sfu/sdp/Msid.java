package io.confab.core.sfu.sdp;

import java.util.Objects;
import java.util.Optional;

/**
 * {@code a=msid:<stream id> [<track id>]} (RFC 8830 §2): which MediaStream the m-section's track
 * belongs to, so the receiving page can group a participant's audio and video. Chrome writes
 * {@code -} as the stream id for a track added without a stream.
 */
public record Msid(String streamId, Optional<String> trackId) {

    public Msid {
        Objects.requireNonNull(streamId, "streamId");
        Objects.requireNonNull(trackId, "trackId");
        if (streamId.isEmpty() || streamId.contains(" ") || trackId.filter(t -> t.isEmpty() || t.contains(" ")).isPresent()) {
            throw new IllegalArgumentException("msid ids must be non-empty tokens: '" + streamId + "' '" + trackId + "'");
        }
    }

    public Msid(String streamId, String trackId) {
        this(streamId, Optional.of(trackId));
    }

    public String toSdpValue() {
        return streamId + trackId.map(t -> " " + t).orElse("");
    }

    static Optional<Msid> parse(String value) {
        var fields = Tokens.fields(value);
        if (fields.isEmpty() || fields.size() > 2) {
            return Optional.empty();
        }
        return Optional.of(new Msid(fields.get(0), fields.size() == 2 ? Optional.of(fields.get(1)) : Optional.empty()));
    }
}
