package io.confab.core.sfu.sdp;

import java.util.Locale;

/** The media type of an m-line (RFC 8866 §5.14), reduced to what the SFU treats differently. */
public enum MediaKind {
    AUDIO,
    VIDEO,
    /** Data channels ({@code m=application ... webrtc-datachannel}); the SFU does not carry them. */
    APPLICATION,
    /** text, message or anything newer; always rejected. */
    OTHER;

    /** The token as written in an m-line; {@link #OTHER} has none of its own. */
    public String token() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static MediaKind fromToken(String media) {
        return switch (media) {
            case "audio" -> AUDIO;
            case "video" -> VIDEO;
            case "application" -> APPLICATION;
            default -> OTHER;
        };
    }
}
