package io.confab.jobs.recording.output;

/**
 * What a muxer needs to know of one encoded stream of a segment: the codec, its parameters and the
 * codec's global header (H.264 SPS/PPS, AAC AudioSpecificConfig). Copied from the encoder when the
 * segment starts, so a segment file is readable without the encoder that wrote it.
 *
 * @param name           {@code video}, {@code mix} or {@code track:<participantId>}
 * @param codecId        FFmpeg AVCodecID
 * @param video          video (true) or audio
 * @param width          pixels, video only
 * @param height         pixels, video only
 * @param sampleRate     Hz, audio only
 * @param channels       audio only
 * @param timeBaseNum    numerator of the packets' time base
 * @param timeBaseDen    denominator of the packets' time base
 * @param initialPadding encoder priming samples (AAC: 1024); the MP4 edit list skips them
 * @param extradata      the codec's global header
 */
public record StreamFormat(String name, int codecId, boolean video, int width, int height, int sampleRate, int channels,
                           int timeBaseNum, int timeBaseDen, int initialPadding, byte[] extradata) {

    public static final String VIDEO = "video";
    public static final String MIX = "mix";
    public static final String TRACK_PREFIX = "track:";

    public static String track(String participantId) {
        return TRACK_PREFIX + participantId;
    }
}
