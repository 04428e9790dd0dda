package io.confab.core.sfu.srtp;

import io.confab.core.wire.NetworkOrder;
import java.util.HexFormat;

/** Test packets and hex, built by hand so each test shows exactly which header bits it sets. */
final class Packets {
    static final int SPARE = SrtpProfile.MAX_RTCP_OVERHEAD;

    private Packets() {
    }

    /** Hex with any whitespace, as the RFCs print it. */
    static byte[] hex(String text) {
        return HexFormat.of().parseHex(text.replaceAll("\\s", ""));
    }

    static String hex(byte[] bytes, int offset, int length) {
        return HexFormat.of().formatHex(bytes, offset, offset + length);
    }

    /** A V=2 RTP packet with no CSRCs or extension, then SPARE zero bytes of room. */
    static byte[] rtp(int ssrc, int sequence, byte[] payload) {
        byte[] packet = new byte[12 + payload.length + SPARE];
        packet[0] = (byte) 0x80;
        packet[1] = 96;
        packet[2] = (byte) (sequence >>> 8);
        packet[3] = (byte) sequence;
        NetworkOrder.writeInt(packet, 4, 0x01020304);
        NetworkOrder.writeInt(packet, 8, ssrc);
        System.arraycopy(payload, 0, packet, 12, payload.length);
        return packet;
    }

    static int rtpLength(byte[] payload) {
        return 12 + payload.length;
    }

    /** A V=2 sender report header with the SSRC, then the body, then SPARE bytes of room. */
    static byte[] rtcp(int ssrc, byte[] body) {
        byte[] packet = new byte[8 + body.length + SPARE];
        packet[0] = (byte) 0x80;
        packet[1] = (byte) 200;
        int words = (8 + body.length) / 4 - 1;
        packet[2] = (byte) (words >>> 8);
        packet[3] = (byte) words;
        NetworkOrder.writeInt(packet, 4, ssrc);
        System.arraycopy(body, 0, packet, 8, body.length);
        return packet;
    }

    static byte[] payload(int length, int seed) {
        byte[] payload = new byte[length];
        for (int i = 0; i < length; i++) {
            payload[i] = (byte) (seed + 7 * i);
        }
        return payload;
    }

    static SrtpKeys keys(SrtpProfile profile, int seed) {
        byte[] key = new byte[profile.keyLength()];
        byte[] salt = new byte[profile.saltLength()];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (seed + i);
        }
        for (int i = 0; i < salt.length; i++) {
            salt[i] = (byte) (seed * 3 + i);
        }
        return new SrtpKeys(key, salt);
    }
}
