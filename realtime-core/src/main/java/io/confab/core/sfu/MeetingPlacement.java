package io.confab.core.sfu;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Which media thread owns each meeting. A meeting is placed when its first participant connects,
 * on the thread with the fewest meetings (the lowest index among equals), and stays there for as
 * long as it has media, so its conference, transports and packets only ever meet that thread and
 * the forwarding path needs no lock.
 *
 * <p>The invariant: a meeting's conference exists only on the thread this placement names. A
 * placement is made by a command that may open the conference ({@code Connect}) and let go of only
 * when the owner reports, after a command, that the meeting has no conference left <em>and</em> no
 * other command for it is still on its way to that thread. Without the second condition a
 * {@code Connect} sent while the last participant's {@code Disconnect} was queued would open a
 * second conference on another thread. Commands of one meeting come from its room in order (see
 * {@link io.confab.core.mediaplane.MediaPlane}); placements of different meetings never wait for
 * each other beyond the map's per-key lock.
 */
final class MeetingPlacement {

    /** No thread: the command is for a meeting with no media, and cannot start any. */
    static final int NOWHERE = -1;

    /** A meeting's thread and its commands not yet handled there (guarded by the map's lock on the key). */
    private static final class Owner {
        final int thread;
        int inFlight;

        Owner(int thread) {
            this.thread = thread;
        }
    }

    private final ConcurrentHashMap<String, Owner> owners = new ConcurrentHashMap<>();
    private final AtomicIntegerArray meetings;

    MeetingPlacement(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, not " + threads);
        }
        this.meetings = new AtomicIntegerArray(threads);
    }

    /**
     * The thread a command for {@code meetingId} goes to, counted as on its way there until
     * {@link #handled}; {@link #NOWHERE} (and nothing counted) when the meeting is not placed and
     * {@code opens} is false.
     */
    int dispatch(String meetingId, boolean opens) {
        Owner owner = owners.compute(meetingId, (id, current) -> {
            Owner placed = current;
            if (placed == null) {
                if (!opens) {
                    return null;
                }
                placed = new Owner(leastLoaded());
                meetings.incrementAndGet(placed.thread);
            }
            placed.inFlight++;
            return placed;
        });
        return owner == null ? NOWHERE : owner.thread;
    }

    /**
     * On the owning thread, after it handled a command {@link #dispatch} sent it: the placement ends
     * when the meeting has no conference there and no other command is on its way.
     */
    void handled(String meetingId, boolean hasConference) {
        owners.computeIfPresent(meetingId, (id, owner) -> {
            owner.inFlight--;
            if (owner.inFlight == 0 && !hasConference) {
                meetings.decrementAndGet(owner.thread);
                return null;
            }
            return owner;
        });
    }

    /** The meeting's thread, or {@link #NOWHERE}. */
    int owner(String meetingId) {
        Owner owner = owners.get(meetingId);
        return owner == null ? NOWHERE : owner.thread;
    }

    /** Meetings placed on {@code thread}. */
    int meetingsOn(int thread) {
        return meetings.get(thread);
    }

    private int leastLoaded() {
        int best = 0;
        for (int thread = 1; thread < meetings.length(); thread++) {
            if (meetings.get(thread) < meetings.get(best)) {
                best = thread;
            }
        }
        return best;
    }
}
