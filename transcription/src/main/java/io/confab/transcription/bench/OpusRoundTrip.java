package io.confab.transcription.bench;

import io.confab.media.audio.AudioSource;
import io.confab.media.codec.OpusDecoder;
import io.confab.media.codec.OpusEncoder;

/**
 * What a participant's voice goes through before the transcription job hears it: the bot's (and
 * about a browser's) Opus encoder at 48 kHz, 20 ms frames, then the job's Opus decoder. The
 * baseline word error rate is measured on audio that took this path.
 */
public final class OpusRoundTrip {
    /** The bot's audio bitrate (bot/ uses {@code new OpusEncoder()}, 32 kbit/s). */
    public static final int BOT_BITRATE = OpusEncoder.DEFAULT_BITRATE;

    private OpusRoundTrip() {
    }

    /** 48 kHz mono PCM through Opus at {@code bitrate} and back, still at 48 kHz; the last partial frame is padded. */
    public static short[] encodeDecode(short[] pcm48k, int bitrate) {
        int frame = AudioSource.SAMPLES_PER_FRAME;
        int frames = (pcm48k.length + frame - 1) / frame;
        short[] out = new short[frames * frame];
        short[] in = new short[frame];
        try (OpusEncoder encoder = new OpusEncoder(bitrate); OpusDecoder decoder = new OpusDecoder(1)) {
            for (int i = 0; i < frames; i++) {
                int take = Math.min(frame, pcm48k.length - i * frame);
                java.util.Arrays.fill(in, (short) 0);
                System.arraycopy(pcm48k, i * frame, in, 0, take);
                OpusDecoder.Result result = decoder.decode(encoder.encode(in));
                if (!(result instanceof OpusDecoder.Result.Pcm decoded)) {
                    throw new IllegalStateException("Opus could not decode its own packet: " + result);
                }
                System.arraycopy(decoded.pcm(), 0, out, i * frame, Math.min(frame, decoded.samplesPerChannel()));
            }
        }
        return out;
    }
}
