package io.confab.jobs.usage.presence;

import io.confab.jobs.usage.state.StateFormat;
import io.confab.jobs.usage.state.StateReader;
import io.confab.jobs.usage.state.StateWriter;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The metered events of one meeting, by event id and time: the meeting fold's dedupe. A duplicate
 * is an event with the id and the time of one already metered (the rule the intake's window store
 * of ids had). Kept inside the meeting's ledger, so it reaches the changelog with the ledger, once
 * per commit and in the commit's transaction, instead of a window-store changelog record per event;
 * when the ledger expires, archived whole under the meeting id for the seen-id retention.
 *
 * <p>{@link #complete()} is false for a ledger written by a meter before this one: the ids it
 * metered are in the old window store ({@code usage-seen-meeting-events}), which the fold then asks too.
 */
public final class SeenEvents {

    public static final StateFormat<SeenEvents> FORMAT = new Format();

    /** Id to time; the rare second time of an id (not a duplicate by the rule) in {@link #otherTimes}. */
    private final Map<String, Long> times = new HashMap<>();
    private final Set<String> otherTimes = new HashSet<>();
    private boolean complete;

    private SeenEvents(boolean complete) {
        this.complete = complete;
    }

    /** For a meeting first heard of by this meter: every id it meters is here. */
    public static SeenEvents none() {
        return new SeenEvents(true);
    }

    /** For a ledger an older meter wrote: its ids are in the old window store. */
    static SeenEvents fromOlderMeter() {
        return new SeenEvents(false);
    }

    public boolean complete() {
        return complete;
    }

    public boolean contains(String eventId, long at) {
        Long time = times.get(eventId);
        return time != null && (time == at || otherTimes.contains(otherKey(eventId, at)));
    }

    public void add(String eventId, long at) {
        Long time = times.putIfAbsent(eventId, at);
        if (time != null && time != at) {
            otherTimes.add(otherKey(eventId, at));
        }
    }

    /** All of {@code archived}, and its incompleteness. */
    public void addAll(SeenEvents archived) {
        archived.times.forEach(this::add);
        otherTimes.addAll(archived.otherTimes);
        complete &= archived.complete;
    }

    public int size() {
        return times.size() + otherTimes.size();
    }

    private static String otherKey(String eventId, long at) {
        return at + "@" + eventId;
    }

    private static final class Format implements StateFormat<SeenEvents> {
        @Override
        public void write(SeenEvents seen, StateWriter out) {
            out.writeBoolean(seen.complete);
            out.writeInt(seen.times.size());
            seen.times.forEach((id, at) -> out.writeString(id).writeLong(at));
            out.writeInt(seen.otherTimes.size());
            seen.otherTimes.forEach(out::writeString);
        }

        @Override
        public SeenEvents read(StateReader in) {
            SeenEvents seen = new SeenEvents(in.readBoolean());
            for (int i = in.readCount(); i > 0; i--) {
                seen.times.put(in.readString(), in.readLong());
            }
            for (int i = in.readCount(); i > 0; i--) {
                seen.otherTimes.add(in.readString());
            }
            return seen;
        }
    }
}
