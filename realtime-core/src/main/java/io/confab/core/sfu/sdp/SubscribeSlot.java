package io.confab.core.sfu.sdp;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One m-section of a subscribe connection: its mid, its kind, and the track it carries now, or
 * none, which makes it {@code a=inactive} until a track of the same kind reuses it.
 */
public record SubscribeSlot(String mid, MediaKind kind, Optional<ForwardedTrack> track) {
    /** RFC 8843 §7.3 / RFC 9143: a mid travels in an RTP header extension, so it is kept short and plain. */
    private static final Pattern MID = Pattern.compile("[A-Za-z0-9_-]{1,16}");

    /**
     * @throws IllegalArgumentException when the mid is not 1-16 of [A-Za-z0-9_-], the kind is not
     *     audio or video, or an audio track has an RTX SSRC (the offer has no audio RTX)
     */
    public SubscribeSlot {
        Objects.requireNonNull(mid, "mid");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(track, "track");
        if (!MID.matcher(mid).matches()) {
            throw new IllegalArgumentException("mid must be 1-16 of [A-Za-z0-9_-]: '" + mid + "'");
        }
        if (kind != MediaKind.AUDIO && kind != MediaKind.VIDEO) {
            throw new IllegalArgumentException("a subscribe slot is audio or video: " + kind);
        }
        if (kind == MediaKind.AUDIO && track.filter(t -> t.rtxSsrc().isPresent()).isPresent()) {
            throw new IllegalArgumentException("audio is offered without RTX; slot " + mid + " has an RTX SSRC");
        }
    }

    public static SubscribeSlot active(String mid, MediaKind kind, ForwardedTrack track) {
        return new SubscribeSlot(mid, kind, Optional.of(track));
    }

    public static SubscribeSlot inactive(String mid, MediaKind kind) {
        return new SubscribeSlot(mid, kind, Optional.empty());
    }

    public boolean isActive() {
        return track.isPresent();
    }
}
