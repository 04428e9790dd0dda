package io.confab.core.sfu.rtp;

/**
 * The client-to-mixer audio level element (RFC 6464 §3): one byte, V (voice activity) in the top
 * bit and the level in -dBov, 0 (loudest) to 127 (silence), in the low seven. Read and written in
 * place so the AudioLevel stage allocates nothing per packet.
 */
public final class AudioLevel {
    public static final int LENGTH = 1;
    /** 127 -dBov is the RFC's floor, used for digital silence (RFC 6464 §3). */
    public static final int SILENCE = 127;

    private AudioLevel() {
    }

    public static boolean voiceActivity(byte[] packet, int dataOffset) {
        return (packet[dataOffset] & 0x80) != 0;
    }

    /** The level in -dBov: 0 loudest, 127 silence. */
    public static int level(byte[] packet, int dataOffset) {
        return packet[dataOffset] & 0x7F;
    }

    /** The element's single byte, for {@link RtpHeaderWriter#addExtension(int, long, int)}. */
    public static int encode(boolean voiceActivity, int level) {
        if (level < 0 || level > SILENCE) {
            throw new IllegalArgumentException("audio level " + level + " is not 0..127 -dBov");
        }
        return (voiceActivity ? 0x80 : 0) | level;
    }

    public static int write(byte[] target, int dataOffset, boolean voiceActivity, int level) {
        target[dataOffset] = (byte) encode(voiceActivity, level);
        return LENGTH;
    }
}
