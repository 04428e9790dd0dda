package io.confab.jobs.transcription;

import java.util.ArrayList;
import java.util.List;

/**
 * Who the SFU named active speaker when, on a run's timeline (ms since its MeetingStarted), from
 * {@code ActiveSpeakerChanged}. Kept in the run's JSON state; changes older than a minute before
 * the newest are dropped, since segments are at most 30 s and are checked as they end.
 *
 * <p>Public fields and a no-argument constructor: Jackson writes and reads it as is.
 */
public final class ActiveSpeakers {

    static final long KEEP_MS = 60_000;

    /** Change times, ascending, and who became active speaker at each. */
    public List<Long> atMs = new ArrayList<>();
    public List<String> participantIds = new ArrayList<>();

    public ActiveSpeakers() {
    }

    void changed(long offsetMs, String participantId) {
        int i = atMs.size();
        while (i > 0 && atMs.get(i - 1) > offsetMs) {
            i--; // events may come a little out of order across producers
        }
        atMs.add(i, offsetMs);
        participantIds.add(i, participantId);
        long newest = atMs.get(atMs.size() - 1);
        while (atMs.size() > 1 && atMs.get(1) < newest - KEEP_MS) {
            atMs.remove(0);
            participantIds.remove(0);
        }
    }

    /** The active speaker at {@code offsetMs}, or null when none was named by then. */
    String at(long offsetMs) {
        String found = null;
        for (int i = 0; i < atMs.size() && atMs.get(i) <= offsetMs; i++) {
            found = participantIds.get(i);
        }
        return found;
    }
}
