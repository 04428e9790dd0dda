package io.confab.core.sfu.speaker;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link DominantSpeaker} smooths audio levels and how much it takes to change the dominant
 * speaker. Levels are RFC 6464 §3 values: 0..127, read as -dBov, so 0 is loudest and 127 silence.
 *
 * @param smoothingWindow  how far back the level average reaches, and the shortest run of speech that
 *                         counts as speaking rather than a cough or a click
 * @param switchMarginDb   how much louder (smoothed, in dB) a challenger must be than the current speaker
 * @param switchAfter      how long a challenger must stay that much louder before it takes over
 * @param silenceYield     after this long without speech the current speaker yields to anyone speaking,
 *                         without the margin or the sustained lead
 * @param speechLevel      the quietest level that is still speech: samples quieter than this (a higher
 *                         -dBov number) count as silence, so steady room noise never competes
 */
public record DominantSpeakerConfig(Duration smoothingWindow, double switchMarginDb, Duration switchAfter,
                                    Duration silenceYield, int speechLevel) {

    /** RFC 6464 §3: the level field is 7 bits, 127 meaning -127 dBov or quieter (silence). */
    public static final int SILENCE = 127;

    /**
     * 300 ms is fifteen 20 ms Opus frames: long enough to ride over the dips between syllables, short
     * enough that a finished sentence fades within a third of a second. 6 dB is twice the speaker's
     * power, "clearly louder" to a listener. A 1 s lead outlasts back-channel words ("yes", "right")
     * with their 300 ms fade, and is short enough that a real turn takes over within a breath.
     * 2 s of silence marks a finished turn. Speech at ordinary microphone gain sits around -20 to
     * -40 dBov; LiveKit counts -35 dBov and louder as active by default, and we accept down to
     * -50 dBov because the smoothing and the sustained lead already filter out short noise.
     */
    public static final DominantSpeakerConfig DEFAULT = new DominantSpeakerConfig(
            Duration.ofMillis(300), 6.0, Duration.ofSeconds(1), Duration.ofSeconds(2), 50);

    public DominantSpeakerConfig {
        requirePositive(smoothingWindow, "smoothingWindow");
        requirePositive(switchAfter, "switchAfter");
        requirePositive(silenceYield, "silenceYield");
        if (!(switchMarginDb >= 0) || Double.isInfinite(switchMarginDb)) {
            throw new IllegalArgumentException("switchMarginDb must be a finite number >= 0, got " + switchMarginDb);
        }
        if (speechLevel < 0 || speechLevel >= SILENCE) {
            throw new IllegalArgumentException("speechLevel must be 0..126 (-dBov), got " + speechLevel);
        }
    }

    private static void requirePositive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + duration);
        }
    }
}
