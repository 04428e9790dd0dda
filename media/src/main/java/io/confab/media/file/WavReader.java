package io.confab.media.file;

import io.confab.media.audio.AudioLevelMeter;
import io.confab.media.audio.AudioSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * An {@link AudioSource} playing a PCM WAV clip: 8-bit (unsigned) or 16-bit (signed,
 * little-endian) integer PCM, mono or stereo, at any sample rate, including the
 * WAVE_FORMAT_EXTENSIBLE wrapping of the same. The whole clip is converted once, when read, to
 * 48 kHz mono 16-bit (96 kB per second of audio): stereo is downmixed by averaging and the rate is
 * changed by linear interpolation, which is enough for speech sent through Opus. At the end of
 * the clip it loops or goes silent, as chosen. Not thread-safe.
 */
public final class WavReader implements AudioSource {
    /** WAVE_FORMAT_PCM and WAVE_FORMAT_EXTENSIBLE, the two format tags that can carry integer PCM. */
    private static final int FORMAT_PCM = 0x0001;
    private static final int FORMAT_EXTENSIBLE = 0xFFFE;
    /** Format tag, channels, rate, byte rate, block align, bits per sample. */
    private static final int FMT_MINIMUM = 16;
    /** The extension's cbSize, valid bits and channel mask precede the sub-format GUID. */
    private static final int EXTENSIBLE_SUBFORMAT_OFFSET = 24;

    /** What the file held before conversion. */
    public record Format(int sampleRate, int channels, int bitsPerSample) {
    }

    private final Format sourceFormat;
    private final short[] clip;
    private final EndOfClip endOfClip;
    private int position;
    private boolean exhausted;

    private WavReader(Format sourceFormat, short[] clip, EndOfClip endOfClip) {
        this.sourceFormat = sourceFormat;
        this.clip = clip;
        this.endOfClip = endOfClip;
    }

    /**
     * Reads and converts a WAV file.
     *
     * @throws MediaFormatException if it is not RIFF/WAVE integer PCM of 8 or 16 bits, 1 or 2
     *     channels, with at least one sample
     */
    public static WavReader open(Path file, EndOfClip endOfClip) throws IOException {
        return parse(Files.readAllBytes(file), endOfClip);
    }

    /** As {@link #open}, from the file's bytes. */
    public static WavReader parse(byte[] wav, EndOfClip endOfClip) throws MediaFormatException {
        if (endOfClip == null) {
            throw new IllegalArgumentException("endOfClip is required");
        }
        if (wav.length < 12 || !tag(wav, 0).equals("RIFF") || !tag(wav, 8).equals("WAVE")) {
            String found = wav.length >= 4 ? "'" + tag(wav, 0) + "'" : wav.length + " bytes";
            throw new MediaFormatException("not a RIFF/WAVE file (starts with " + found + ")");
        }
        Format format = null;
        int dataOffset = -1;
        int dataLength = 0;
        int at = 12;
        while (at + 8 <= wav.length) {
            String id = tag(wav, at);
            long size = readInt(wav, at + 4) & 0xFFFFFFFFL;
            int body = at + 8;
            // Writers that stream set the size before they know it; trust the file's end instead.
            int available = (int) Math.min(size, wav.length - body);
            if (id.equals("fmt ")) {
                format = readFormat(wav, body, available);
            } else if (id.equals("data") && dataOffset < 0) {
                dataOffset = body;
                dataLength = available;
            }
            // RIFF pads each chunk to an even length.
            long next = body + size + (size & 1);
            if (next > wav.length) {
                break;
            }
            at = (int) next;
        }
        if (format == null) {
            throw new MediaFormatException("WAV has no 'fmt ' chunk");
        }
        if (dataOffset < 0) {
            throw new MediaFormatException("WAV has no 'data' chunk");
        }
        short[] mono = downmix(wav, dataOffset, dataLength, format);
        short[] clip = resample(mono, format.sampleRate());
        if (clip.length == 0) {
            throw new MediaFormatException("WAV 'data' chunk holds no audio (" + mono.length + " samples at "
                    + format.sampleRate() + " Hz)");
        }
        return new WavReader(format, clip, endOfClip);
    }

    private static Format readFormat(byte[] wav, int at, int length) throws MediaFormatException {
        if (length < FMT_MINIMUM) {
            throw new MediaFormatException("WAV 'fmt ' chunk is " + length + " bytes, needs " + FMT_MINIMUM);
        }
        int formatTag = readShort(wav, at);
        if (formatTag == FORMAT_EXTENSIBLE) {
            if (length < EXTENSIBLE_SUBFORMAT_OFFSET + 2) {
                throw new MediaFormatException("WAV extensible 'fmt ' chunk is too short for its sub-format");
            }
            formatTag = readShort(wav, at + EXTENSIBLE_SUBFORMAT_OFFSET);
        }
        if (formatTag != FORMAT_PCM) {
            throw new MediaFormatException("WAV format tag 0x" + Integer.toHexString(formatTag)
                    + " is not integer PCM (0x1); float and compressed WAV are not read");
        }
        int channels = readShort(wav, at + 2);
        long sampleRate = readInt(wav, at + 4) & 0xFFFFFFFFL;
        int bits = readShort(wav, at + 14);
        if (channels != 1 && channels != 2) {
            throw new MediaFormatException("WAV has " + channels + " channels; only mono and stereo are read");
        }
        if (bits != 8 && bits != 16) {
            throw new MediaFormatException("WAV has " + bits + "-bit samples; only 8 and 16 bits are read");
        }
        if (sampleRate < 1 || sampleRate > 1_000_000) {
            throw new MediaFormatException("WAV sample rate " + sampleRate + " Hz is not usable");
        }
        return new Format((int) sampleRate, channels, bits);
    }

    private static short[] downmix(byte[] wav, int offset, int length, Format format) {
        int bytesPerSample = format.bitsPerSample() / 8;
        int frameBytes = bytesPerSample * format.channels();
        short[] mono = new short[length / frameBytes];
        for (int i = 0; i < mono.length; i++) {
            int at = offset + i * frameBytes;
            int sum = 0;
            for (int channel = 0; channel < format.channels(); channel++) {
                sum += sample(wav, at + channel * bytesPerSample, bytesPerSample);
            }
            mono[i] = (short) (sum / format.channels());
        }
        return mono;
    }

    /** 8-bit WAV is unsigned around 128; 16-bit is signed little-endian. Both scaled to 16 bits. */
    private static int sample(byte[] wav, int at, int bytesPerSample) {
        if (bytesPerSample == 1) {
            return ((wav[at] & 0xFF) - 128) << 8;
        }
        return (short) ((wav[at] & 0xFF) | (wav[at + 1] << 8));
    }

    /**
     * Linear interpolation to 48 kHz. Positions are exact fractions (i × rate / 48000) so a long
     * clip does not drift.
     */
    static short[] resample(short[] input, int sourceRate) {
        if (sourceRate == SAMPLE_RATE) {
            return input;
        }
        int outputLength = (int) ((long) input.length * SAMPLE_RATE / sourceRate);
        short[] output = new short[outputLength];
        for (int i = 0; i < outputLength; i++) {
            long numerator = (long) i * sourceRate;
            int index = (int) (numerator / SAMPLE_RATE);
            double fraction = (double) (numerator % SAMPLE_RATE) / SAMPLE_RATE;
            int current = input[index];
            int next = index + 1 < input.length ? input[index + 1] : current;
            output[i] = (short) Math.round(current + fraction * (next - current));
        }
        return output;
    }

    @Override
    public int readFrame(short[] frame) {
        AudioSource.requireFrameCapacity(frame);
        int filled = 0;
        while (filled < SAMPLES_PER_FRAME) {
            if (exhausted) {
                Arrays.fill(frame, filled, SAMPLES_PER_FRAME, (short) 0);
                break;
            }
            int count = Math.min(SAMPLES_PER_FRAME - filled, clip.length - position);
            System.arraycopy(clip, position, frame, filled, count);
            filled += count;
            position += count;
            if (position == clip.length) {
                position = 0;
                exhausted = endOfClip == EndOfClip.SILENCE;
            }
        }
        return AudioLevelMeter.level(frame, 0, SAMPLES_PER_FRAME);
    }

    public Format sourceFormat() {
        return sourceFormat;
    }

    /** The clip's length after conversion, in 48 kHz samples. */
    public int clipSamples() {
        return clip.length;
    }

    private static String tag(byte[] bytes, int at) {
        return new String(bytes, at, Math.min(4, bytes.length - at), StandardCharsets.ISO_8859_1);
    }

    private static int readShort(byte[] bytes, int at) {
        return (bytes[at] & 0xFF) | ((bytes[at + 1] & 0xFF) << 8);
    }

    private static int readInt(byte[] bytes, int at) {
        return readShort(bytes, at) | (readShort(bytes, at + 2) << 16);
    }
}
