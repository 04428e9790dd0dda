package io.confab.jobs.transcription;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One meeting's final segments on their way out, held back only while another participant's track
 * is speaking at the same time, so that two tracks carrying one voice ({@link SharedVoice}) can be
 * compared before either copy is published. A final with nobody else speaking goes out at once:
 * the hold costs caption latency only when voices overlap. Each track's finals leave in order.
 *
 * <p>Per meeting, on the operator's thread, not checkpointed: a held final has not moved its
 * track's mark, so after a restore it is heard again from the kept packets.
 *
 * @param <T> what the operator needs to publish a final
 */
final class SharedVoiceHold<T> {

    /** Longest wait for the other copy: a second copy ends within about one endpointing pause (0.5 s) plus the echo's delay. */
    static final long MAX_HOLD_MS = 3_000;

    /** What the operator does with a final: publish it, or drop it as the copy of {@code kept}. */
    sealed interface Decision<T> {
        record Publish<T>(String trackId, T item) implements Decision<T> {
        }

        record Drop<T>(String trackId, T item, SharedVoice.Heard dropped, SharedVoice.Heard kept) implements Decision<T> {
        }
    }

    private record Pending<T>(String trackId, T item, SharedVoice.Heard heard) {
    }

    /** Per track: its participant and the span of its utterance in progress (from its captions), if any. */
    private record Speaking(String participantId, long startMs, long endMs) {
    }

    private final Map<String, Speaking> speaking = new HashMap<>();
    private final List<Pending<T>> pending = new ArrayList<>();

    /** A caption (interim text) of a track: its utterance is in progress. A held final of the same track goes first. */
    List<Decision<T>> caption(String trackId, String participantId, long startMs, long endMs) {
        List<Decision<T>> out = new ArrayList<>();
        releaseTrack(trackId, out);
        speaking.put(trackId, new Speaking(participantId, startMs, endMs));
        return out;
    }

    /** A final segment of a track. */
    List<Decision<T>> heardFinal(String trackId, T item, SharedVoice.Heard heard, ActiveSpeakers active) {
        List<Decision<T>> out = new ArrayList<>();
        releaseTrack(trackId, out);
        speaking.remove(trackId);
        Pending<T> copy = null;
        for (Pending<T> p : pending) {
            if (SharedVoice.sameSpeech(heard, p.heard())) {
                copy = p;
                break;
            }
        }
        if (copy != null) {
            pending.remove(copy);
            SharedVoice.Heard winner = SharedVoice.speaker(heard, copy.heard(), active);
            if (winner == heard) {
                out.add(new Decision.Publish<>(trackId, item));
                out.add(new Decision.Drop<>(copy.trackId(), copy.item(), copy.heard(), heard));
            } else {
                out.add(new Decision.Publish<>(copy.trackId(), copy.item()));
                out.add(new Decision.Drop<>(trackId, item, heard, copy.heard()));
            }
        } else if (othersSpeakingDuring(heard)) {
            pending.add(new Pending<>(trackId, item, heard));
        } else {
            out.add(new Decision.Publish<>(trackId, item));
        }
        release(Long.MIN_VALUE, out);
        return out;
    }

    /** The meeting's clock moved ({@code nowMs} since its start): finals nobody else overlaps, or held too long, go out. */
    List<Decision<T>> tick(long nowMs) {
        List<Decision<T>> out = new ArrayList<>();
        release(nowMs, out);
        return out;
    }

    /** A track ended (its participant left, the run ends): its held finals go out; it speaks no more. */
    List<Decision<T>> trackEnded(String trackId) {
        List<Decision<T>> out = new ArrayList<>();
        releaseTrack(trackId, out);
        speaking.remove(trackId);
        release(Long.MIN_VALUE, out);
        return out;
    }

    /** Everything held goes out (files are about to be written). */
    List<Decision<T>> flush() {
        List<Decision<T>> out = new ArrayList<>();
        for (Pending<T> p : pending) {
            out.add(new Decision.Publish<>(p.trackId(), p.item()));
        }
        pending.clear();
        return out;
    }

    boolean holding() {
        return !pending.isEmpty();
    }

    private void releaseTrack(String trackId, List<Decision<T>> out) {
        for (Iterator<Pending<T>> it = pending.iterator(); it.hasNext(); ) {
            Pending<T> p = it.next();
            if (p.trackId().equals(trackId)) {
                it.remove();
                out.add(new Decision.Publish<>(p.trackId(), p.item()));
            }
        }
    }

    private void release(long nowMs, List<Decision<T>> out) {
        for (Iterator<Pending<T>> it = pending.iterator(); it.hasNext(); ) {
            Pending<T> p = it.next();
            if (!othersSpeakingDuring(p.heard()) || nowMs >= p.heard().endMs() + MAX_HOLD_MS) {
                it.remove();
                out.add(new Decision.Publish<>(p.trackId(), p.item()));
            }
        }
    }

    private boolean othersSpeakingDuring(SharedVoice.Heard heard) {
        for (Speaking s : speaking.values()) {
            if (!s.participantId().equals(heard.participantId()) && s.endMs() >= heard.startMs() && s.startMs() <= heard.endMs()) {
                return true;
            }
        }
        return false;
    }
}
