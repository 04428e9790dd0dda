package io.confab.transcription.recognition;

/**
 * What one speech stream did, for metrics and tests. Frames are 20 ms.
 *
 * @param framesIn          frames received
 * @param framesRecognized  frames fed to a recognizer (speech, its hangover and pre-roll)
 * @param framesSkipped     frames the voice activity detector kept from the recognizer
 * @param framesDropped     frames lost because no recognizer was free for longer than a segment
 * @param recognizerWaits   times the stream found every recognizer busy and kept its audio
 * @param utterances        speech spans (one recognizer lease each)
 * @param segments          final segments reported
 * @param forcedCuts        segments ended because they reached the maximum length
 * @param partials          partial results reported
 * @param recognizerNanos   wall time spent inside Vosk
 * @param framesSilent      of the skipped frames, those given as digital silence and never looked at
 *                          ({@link SpeechStream#acceptSilence}): no voice detection, no copy
 */
public record StreamCounters(long framesIn, long framesRecognized, long framesSkipped, long framesDropped,
                             long recognizerWaits, long utterances, long segments, long forcedCuts, long partials,
                             long recognizerNanos, long framesSilent) {

    public static final StreamCounters ZERO = new StreamCounters(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

    public StreamCounters plus(StreamCounters other) {
        return new StreamCounters(framesIn + other.framesIn, framesRecognized + other.framesRecognized,
                framesSkipped + other.framesSkipped, framesDropped + other.framesDropped,
                recognizerWaits + other.recognizerWaits, utterances + other.utterances, segments + other.segments,
                forcedCuts + other.forcedCuts, partials + other.partials, recognizerNanos + other.recognizerNanos,
                framesSilent + other.framesSilent);
    }
}
