package io.confab.jobs.usage.presence;

import io.confab.jobs.usage.StateSerde;
import io.confab.jobs.usage.state.StateFormat;
import io.confab.jobs.usage.state.StateReader;
import io.confab.jobs.usage.state.StateWriter;
import org.apache.kafka.common.errors.SerializationException;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * The metered events of one meeting, by event id and time: the meeting fold's dedupe. A duplicate
 * is an event with the id and the time of one already metered (the rule the intake's window store
 * of ids had). Kept inside the meeting's ledger, so it reaches the changelog with the ledger, once
 * per commit and in the commit's transaction, instead of a window-store changelog record per event;
 * when the ledger expires, archived whole under the meeting id for the seen-id retention.
 *
 * <p>Event ids are random UUIDs in their text form (storage/'s {@code MeetingEvent.eventId}), so an
 * id in exactly that form (36 characters, lower-case hex) is kept as its two longs beside its time in
 * an open-addressing table: 24 bytes a slot, where a {@code HashMap<String, Long>} entry took about
 * 130 bytes of objects (node, string, its bytes, a boxed time) that the meter's old generation held
 * for every kept ledger. Any other id (the contract is not enforced upstream, and an upper-case UUID is
 * a different id) is kept as text, so the rule stays "the same string at the same time".
 *
 * <p>{@link #complete()} is false for a ledger written by a meter before this one: the ids it
 * metered are in the old window store ({@code usage-seen-meeting-events}), which the fold then asks too.
 */
public final class SeenEvents {

    public static final StateFormat<SeenEvents> FORMAT = new Format();

    /** No event's time (the intake refuses times before last month): marks an empty slot of the table. */
    private static final long EMPTY = Long.MIN_VALUE;
    private static final int UUID_TEXT = 36;

    /** Slot i holds the UUID {@code (high[i], low[i])} at {@code times[i]}, or nothing when {@code times[i] == EMPTY}. */
    private long[] high;
    private long[] low;
    private long[] times;
    private int uuids;
    /** Ids not in the UUID text form, and pairs whose time is EMPTY, as "time@id"; null until the first. */
    private Set<String> others;
    private boolean complete;

    private SeenEvents(boolean complete) {
        this.complete = complete;
        allocate(8);
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
        Uuid uuid = at == EMPTY ? null : Uuid.parse(eventId);
        if (uuid != null) {
            return slotOf(uuid.high(), uuid.low(), at) >= 0;
        }
        return others != null && others.contains(otherKey(eventId, at));
    }

    /** Adds the pair; true when it was not here yet, as {@link java.util.Set#add} (one parse and one probe for both). */
    public boolean add(String eventId, long at) {
        Uuid uuid = at == EMPTY ? null : Uuid.parse(eventId);
        if (uuid != null) {
            return add(uuid.high(), uuid.low(), at);
        }
        return addOther(otherKey(eventId, at));
    }

    /** All of {@code archived}, and its incompleteness. */
    public void addAll(SeenEvents archived) {
        for (int i = 0; i < archived.times.length; i++) {
            if (archived.times[i] != EMPTY) {
                add(archived.high[i], archived.low[i], archived.times[i]);
            }
        }
        if (archived.others != null) {
            archived.others.forEach(this::addOther);
        }
        complete &= archived.complete;
    }

    /** Distinct (id, time) pairs. */
    public int size() {
        return uuids + (others == null ? 0 : others.size());
    }

    private boolean add(long hi, long lo, long at) {
        int slot = slotOf(hi, lo, at);
        if (slot >= 0) {
            return false;
        }
        // At most three quarters full, so probes stay short; -1 - slot is the free slot the probe ended on.
        if ((uuids + 1) * 4 > times.length * 3) {
            grow();
            slot = slotOf(hi, lo, at);
        }
        slot = -1 - slot;
        high[slot] = hi;
        low[slot] = lo;
        times[slot] = at;
        uuids++;
        return true;
    }

    /** The slot holding the pair, or {@code -1 - free} where the probe met a free slot. */
    private int slotOf(long hi, long lo, long at) {
        int mask = times.length - 1;
        int slot = hash(hi, lo, at) & mask;
        while (times[slot] != EMPTY) {
            if (times[slot] == at && high[slot] == hi && low[slot] == lo) {
                return slot;
            }
            slot = (slot + 1) & mask;
        }
        return -1 - slot;
    }

    private void grow() {
        long[] oldHigh = high;
        long[] oldLow = low;
        long[] oldTimes = times;
        allocate(oldTimes.length * 2);
        for (int i = 0; i < oldTimes.length; i++) {
            if (oldTimes[i] != EMPTY) {
                int slot = -1 - slotOf(oldHigh[i], oldLow[i], oldTimes[i]);
                high[slot] = oldHigh[i];
                low[slot] = oldLow[i];
                times[slot] = oldTimes[i];
            }
        }
    }

    private void allocate(int slots) {
        high = new long[slots];
        low = new long[slots];
        times = new long[slots];
        Arrays.fill(times, EMPTY);
    }

    private static int hash(long hi, long lo, long at) {
        // Random UUIDs are already spread; the mix keeps other UUID versions and the time from clustering.
        long h = hi * 0x9E3779B97F4A7C15L ^ lo ^ at * 0xC2B2AE3D27D4EB4FL;
        h ^= h >>> 31;
        h *= 0xBF58476D1CE4E5B9L;
        return (int) (h ^ h >>> 29);
    }

    private boolean addOther(String key) {
        if (others == null) {
            others = new HashSet<>();
        }
        return others.add(key);
    }

    private static String otherKey(String eventId, long at) {
        return at + "@" + eventId;
    }

    /**
     * A UUID read from exactly the form {@code UUID.toString()} gives: 8-4-4-4-12 lower-case hex digits.
     * Checked and read in one pass over the text (a check and then a read were two, with a branch per
     * character: 4 % of the stream thread, stream-jobs/README.md).
     */
    record Uuid(long high, long low) {

        /** Each char below 128 as its hex digit, or -1 when it is not one of 0-9 and a-f. */
        private static final byte[] DIGITS = new byte[128];

        static {
            Arrays.fill(DIGITS, (byte) -1);
            for (int c = '0'; c <= '9'; c++) {
                DIGITS[c] = (byte) (c - '0');
            }
            for (int c = 'a'; c <= 'f'; c++) {
                DIGITS[c] = (byte) (c - 'a' + 10);
            }
        }

        /** The UUID the text is, or null when it is not in exactly that form. */
        static Uuid parse(String id) {
            if (id.length() != UUID_TEXT || id.charAt(8) != '-' || id.charAt(13) != '-' || id.charAt(18) != '-'
                    || id.charAt(23) != '-') {
                return null;
            }
            // A char that is not a digit reads as -1, which leaves the or of all digits negative.
            int digits = 0;
            long high = 0;
            for (int i = 0; i < 18; i++) {
                if (i != 8 && i != 13) {
                    int digit = digit(id.charAt(i));
                    digits |= digit;
                    high = high << 4 | digit;
                }
            }
            long low = 0;
            for (int i = 19; i < UUID_TEXT; i++) {
                if (i != 23) {
                    int digit = digit(id.charAt(i));
                    digits |= digit;
                    low = low << 4 | digit;
                }
            }
            return digits < 0 ? null : new Uuid(high, low);
        }

        private static int digit(char c) {
            return c < 128 ? DIGITS[c] : -1;
        }
    }

    /**
     * Version 3 (meter37): the flag; the UUID pairs as two fixed 8-byte longs and the time as the
     * difference from the previous pair's (a meeting's events are close in time: two or three bytes);
     * then the other ids as "time@id" text. Version 2 (meter36) wrote every id as text with its time,
     * and the rare second time of an id as "time@id": still read, into the same table.
     */
    private static final class Format implements StateFormat<SeenEvents> {
        @Override
        public void write(SeenEvents seen, StateWriter out) {
            out.writeBoolean(seen.complete);
            out.writeInt(seen.uuids);
            long previous = 0;
            for (int i = 0; i < seen.times.length; i++) {
                if (seen.times[i] != EMPTY) {
                    out.writeFixedLong(seen.high[i]).writeFixedLong(seen.low[i]).writeLong(seen.times[i] - previous);
                    previous = seen.times[i];
                }
            }
            out.writeInt(seen.others == null ? 0 : seen.others.size());
            if (seen.others != null) {
                seen.others.forEach(out::writeString);
            }
        }

        @Override
        public SeenEvents read(StateReader in) {
            return read(in, StateSerde.VERSION);
        }

        @Override
        public SeenEvents read(StateReader in, int version) {
            SeenEvents seen = new SeenEvents(in.readBoolean());
            if (version <= 2) {
                for (int i = in.readCount(); i > 0; i--) {
                    String id = in.readString();
                    seen.add(id, in.readLong());
                }
                for (int i = in.readCount(); i > 0; i--) {
                    String key = in.readString();
                    int at = key.indexOf('@');
                    if (at < 1) {
                        throw new SerializationException("a seen event \"" + key + "\" without its time");
                    }
                    seen.add(key.substring(at + 1), Long.parseLong(key.substring(0, at)));
                }
                return seen;
            }
            long previous = 0;
            for (int i = in.readCount(); i > 0; i--) {
                long hi = in.readFixedLong();
                long lo = in.readFixedLong();
                previous += in.readLong();
                if (previous == EMPTY) {
                    throw new SerializationException("a seen event at no time");
                }
                seen.add(hi, lo, previous);
            }
            for (int i = in.readCount(); i > 0; i--) {
                seen.addOther(in.readString());
            }
            return seen;
        }
    }
}
