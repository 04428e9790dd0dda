package io.confab.media;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Known test input shared by the packages' tests: tones, WAV files and filler frames. */
public final class TestSignals {
    private TestSignals() {
    }

    /** {@code samples} of a sine at {@code frequency} Hz, {@code amplitude} of full scale. */
    public static short[] sine(int rate, double frequency, int samples, double amplitude) {
        short[] out = new short[samples];
        for (int i = 0; i < samples; i++) {
            out[i] = (short) Math.round(amplitude * 32767 * Math.sin(2 * Math.PI * frequency * i / rate));
        }
        return out;
    }

    public static byte[] pcm16(short[] samples) {
        ByteBuffer bytes = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short sample : samples) {
            bytes.putShort(sample);
        }
        return bytes.array();
    }

    /** A canonical 44-byte-header WAV, as most tools write it. */
    public static byte[] wav(int rate, int channels, int bits, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        header.put(ascii("RIFF")).putInt(36 + data.length).put(ascii("WAVE"));
        header.put(ascii("fmt ")).putInt(16).putShort((short) 1).putShort((short) channels)
                .putInt(rate).putInt(rate * channels * bits / 8).putShort((short) (channels * bits / 8))
                .putShort((short) bits);
        header.put(ascii("data")).putInt(data.length);
        out.writeBytes(header.array());
        out.writeBytes(data);
        return out.toByteArray();
    }

    /** {@code length} bytes of a fixed pattern that differs by {@code seed}: a stand-in frame body. */
    public static byte[] filler(int length, int seed) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 13 + seed);
        }
        return bytes;
    }

    private static byte[] ascii(String tag) {
        return tag.getBytes(StandardCharsets.US_ASCII);
    }
}
