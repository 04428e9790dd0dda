package io.confab.core.signaling.protocol;

import java.util.List;

/**
 * Sizes the codec refuses to exceed. Each bounds what one connection can make the server hold or
 * copy to every other participant; the frame limit itself is {@link ProtocolCodec#MAX_FRAME_BYTES}.
 */
public final class Limits {

    /** Shown on every tile and in every chat line; Zoom allows 64 characters too. */
    public static final int MAX_DISPLAY_NAME = 64;

    /** Code points. One screenful of chat; a chat message is copied to every participant. */
    public static final int MAX_CHAT_TEXT = 4_000;

    /** Code points. The reason a host types when removing someone. */
    public static final int MAX_KICK_REASON = 256;

    /**
     * Characters. A unified-plan offer for a large meeting carries one m-section per track (a few
     * hundred bytes each); 60 KiB leaves room in a 64 KiB frame for the envelope.
     */
    public static final int MAX_SDP = 60 * 1024;

    /** Characters. An RFC 8839 candidate attribute is about 100 characters; ten times that is ample. */
    public static final int MAX_ICE_CANDIDATE = 1_024;

    /** Characters. RFC 5888 identification tags are short tokens. */
    public static final int MAX_SDP_MID = 64;

    /** kbit/s. A ceiling a receiver may ask for; 100 Mbit/s is beyond any meeting's video. */
    public static final int MAX_VIDEO_KBPS = 100_000;

    /** m-section index: one per track, so a few hundred in the largest meetings. */
    public static final int MAX_SDP_MLINE_INDEX = 65_535;

    /** Characters: client-chosen request ids are echoed back, so they must stay small. */
    public static final int MAX_REQUEST_ID = 64;

    /** Characters. Meeting ids are 10-11 digits; the meeting service checks the rest. */
    public static final int MAX_MEETING_ID = 32;

    /** Characters. Meeting passcodes are short; the meeting service compares hashes. */
    public static final int MAX_PASSCODE = 128;

    /** Characters. A signed, expiring token; generous for claims plus signature. */
    public static final int MAX_TOKEN = 4_096;

    /**
     * Reactions a client may send: Zoom's set. A closed list keeps a reaction one glyph wide in every
     * client and keeps arbitrary text out of a channel that has no moderation.
     */
    public static final List<String> REACTIONS = List.of(
            "\uD83D\uDC4D",        // thumbs up
            "\uD83D\uDC4F",        // clapping hands
            "\u2764\uFE0F",        // red heart
            "\uD83D\uDE02",        // face with tears of joy
            "\uD83D\uDE2E",        // face with open mouth
            "\uD83C\uDF89");       // party popper

    private Limits() {
    }
}
