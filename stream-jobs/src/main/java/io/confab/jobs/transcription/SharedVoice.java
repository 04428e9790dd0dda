package io.confab.jobs.transcription;

import io.confab.transcription.wer.TranscriptNormalizer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Issue #15 item 3: when two tracks carry one voice (a laptop's speakers picked up by another's
 * microphone, two people in one room), both tracks' recognizers hear the same sentence and the
 * transcript would say it twice under two names. Two final segments of different participants are
 * the same speech when they overlap in time for at least half of the shorter one and share at
 * least 60 % of their words; the speech then belongs to the track the SFU named active speaker at
 * the middle of the overlap ({@code ActiveSpeakerChanged}), and the other copy is dropped. When
 * the SFU named neither, the copy that started first wins: sound reaches its own microphone before
 * it reaches another through a room or a loudspeaker.
 *
 * <p>Pure rules, no state: the operator keeps the finals and the active speakers.
 */
final class SharedVoice {

    /** Half of the shorter segment: an echo is delayed by tens to hundreds of ms, never by half a sentence. */
    static final double MIN_OVERLAP = 0.5;
    /**
     * Share of words both heard (of the longer word list): the echo is recognized from worse audio,
     * so its words differ somewhat; two people saying different things share few words.
     */
    static final double MIN_SHARED_WORDS = 0.6;

    /** A final segment as the rule sees it: who, when on the meeting's timeline, what. */
    record Heard(String participantId, long startMs, long endMs, String text) {
    }

    private SharedVoice() {
    }

    static boolean sameSpeech(Heard a, Heard b) {
        if (a.participantId().equals(b.participantId())) {
            return false;
        }
        long overlap = Math.min(a.endMs(), b.endMs()) - Math.max(a.startMs(), b.startMs());
        long shorter = Math.min(a.endMs() - a.startMs(), b.endMs() - b.startMs());
        if (shorter <= 0 || overlap < MIN_OVERLAP * shorter) {
            return false;
        }
        return sharedWords(a.text(), b.text()) >= MIN_SHARED_WORDS;
    }

    /** Which of two copies of the same speech is the speaker's: {@code a} or {@code b}. */
    static Heard speaker(Heard a, Heard b, ActiveSpeakers active) {
        long middle = (Math.max(a.startMs(), b.startMs()) + Math.min(a.endMs(), b.endMs())) / 2;
        String named = active.at(middle);
        if (a.participantId().equals(named)) {
            return a;
        }
        if (b.participantId().equals(named)) {
            return b;
        }
        return b.startMs() < a.startMs() ? b : a;
    }

    static double sharedWords(String a, String b) {
        List<String> left = TranscriptNormalizer.words(a);
        List<String> right = TranscriptNormalizer.words(b);
        int longer = Math.max(left.size(), right.size());
        if (longer == 0) {
            return 0;
        }
        Map<String, Integer> counts = new HashMap<>();
        left.forEach(w -> counts.merge(w, 1, Integer::sum));
        int shared = 0;
        for (String w : right) {
            Integer n = counts.get(w);
            if (n != null && n > 0) {
                counts.put(w, n - 1);
                shared++;
            }
        }
        return shared / (double) longer;
    }
}
