package io.confab.core.sfu.rtp;

import java.nio.charset.StandardCharsets;

/**
 * The SDES-item string elements that name a stream: MID (RFC 8843 §15.1), RtpStreamId and
 * RepairedRtpStreamId (RFC 8852 §3.1, §3.2), carried as in RFC 7941 §4: the text with no length
 * prefix and no terminator. Senders may pad with NUL bytes, so a NUL ends the text, as libwebrtc
 * reads it. {@link #matches} compares without allocating, for the per-packet simulcast check;
 * {@link #read} allocates and is meant for learning an SSRC's name once.
 */
public final class StreamIdentifier {
    /** The longest value the one-byte form can carry (RFC 8285 §4.2). */
    public static final int MAX_ONE_BYTE_LENGTH = 16;

    private StreamIdentifier() {
    }

    /** The text of an element, up to its first NUL; "" for an element that starts with NUL. */
    public static String read(byte[] packet, int dataOffset, int dataLength) {
        return new String(packet, dataOffset, textLength(packet, dataOffset, dataLength), StandardCharsets.US_ASCII);
    }

    /** Whether the element holds exactly this ASCII text. */
    public static boolean matches(byte[] packet, int dataOffset, int dataLength, String expected) {
        int length = textLength(packet, dataOffset, dataLength);
        if (length != expected.length()) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if ((packet[dataOffset + i] & 0xFF) != expected.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** The element's bytes for a value, e.g. to pass to {@link RtpHeaderWriter#addExtension(int, byte[])}. */
    public static byte[] encode(String value) {
        if (value.isEmpty() || value.length() > 255) {
            throw new IllegalArgumentException("stream identifier of " + value.length() + " characters, must be 1..255");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == 0 || c > 0x7F) {
                throw new IllegalArgumentException("stream identifier " + value + " is not printable ASCII");
            }
        }
        return value.getBytes(StandardCharsets.US_ASCII);
    }

    private static int textLength(byte[] packet, int dataOffset, int dataLength) {
        int length = 0;
        while (length < dataLength && packet[dataOffset + length] != 0) {
            length++;
        }
        return length;
    }
}
