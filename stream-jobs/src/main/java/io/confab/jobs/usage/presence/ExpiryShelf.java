package io.confab.jobs.usage.presence;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The expiries of ended meetings, packed: one byte array per minute of event time, each expiry its
 * time, its meeting id's length and the id's UTF-8 bytes (about 45 bytes for a UUID id). An ended
 * meeting waits here a day (the state retention) and hears rarely again, so the meter holds one
 * entry per meeting of the last day; as a {@code TreeSet} of {@link MeetingFold.Deadline}s each cost
 * about 150 bytes (the entry, the record and the id's own String), the one structure of the meter
 * that grew with the meetings it had seen (stream-jobs/README.md, round {@code exp42}, where a RocksDB
 * store in its place cost the stream thread more than it saved).
 *
 * <p>Touched only by the stream thread. Removing one expiry scans its minute, which is short
 * (a late event reopening an ended meeting is rare); a tick takes whole minutes out at once.
 */
final class ExpiryShelf {

    static final long MINUTE = 60_000;

    /** One minute's expiries, in the order added. */
    private static final class Minute {
        byte[] bytes = new byte[256];
        int length;
        int count;
    }

    private final TreeMap<Long, Minute> minutes = new TreeMap<>();
    private int size;

    void add(long at, String meetingId) {
        byte[] id = meetingId.getBytes(StandardCharsets.UTF_8);
        if (id.length > 0xFFFF) {
            throw new IllegalArgumentException("meeting id of " + id.length + " bytes");
        }
        Minute minute = minutes.computeIfAbsent(Math.floorDiv(at, MINUTE), ignored -> new Minute());
        int need = minute.length + Long.BYTES + 2 + id.length;
        if (need > minute.bytes.length) {
            minute.bytes = Arrays.copyOf(minute.bytes, Math.max(need, minute.bytes.length * 2));
        }
        int i = minute.length;
        writeLong(minute.bytes, i, at);
        minute.bytes[i + 8] = (byte) (id.length >>> 8);
        minute.bytes[i + 9] = (byte) id.length;
        System.arraycopy(id, 0, minute.bytes, i + 10, id.length);
        minute.length = need;
        minute.count++;
        size++;
    }

    /** Removes the expiry {@code at} of {@code meetingId}; false if it is not here. */
    boolean remove(long at, String meetingId) {
        Long key = Math.floorDiv(at, MINUTE);
        Minute minute = minutes.get(key);
        if (minute == null) {
            return false;
        }
        byte[] id = meetingId.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < minute.length; ) {
            int length = idLength(minute.bytes, i);
            int next = i + 10 + length;
            if (readLong(minute.bytes, i) == at && length == id.length
                    && Arrays.equals(minute.bytes, i + 10, next, id, 0, id.length)) {
                System.arraycopy(minute.bytes, next, minute.bytes, i, minute.length - next);
                minute.length -= next - i;
                minute.count--;
                size--;
                if (minute.length == 0) {
                    minutes.remove(key);
                }
                return true;
            }
            i = next;
        }
        return false;
    }

    /** Adds the expiries at or before {@code now} to {@code due}, in no particular order; they stay here. */
    void due(long now, List<MeetingFold.Deadline> due) {
        for (Map.Entry<Long, Minute> entry : minutes.headMap(Math.floorDiv(now, MINUTE), true).entrySet()) {
            Minute minute = entry.getValue();
            for (int i = 0; i < minute.length; ) {
                long at = readLong(minute.bytes, i);
                int length = idLength(minute.bytes, i);
                if (at <= now) {
                    due.add(new MeetingFold.Deadline(at, new String(minute.bytes, i + 10, length, StandardCharsets.UTF_8)));
                }
                i += 10 + length;
            }
        }
    }

    /** Takes out every expiry at or before {@code now} (what {@link #due} gave for the same {@code now}). */
    void dropDue(long now) {
        long last = Math.floorDiv(now, MINUTE);
        Iterator<Map.Entry<Long, Minute>> earlier = minutes.headMap(last, false).entrySet().iterator();
        while (earlier.hasNext()) {
            size -= earlier.next().getValue().count;
            earlier.remove();
        }
        Minute minute = minutes.get(last);
        if (minute == null) {
            return;
        }
        int kept = 0;
        for (int i = 0; i < minute.length; ) {
            int next = i + 10 + idLength(minute.bytes, i);
            if (readLong(minute.bytes, i) > now) {
                System.arraycopy(minute.bytes, i, minute.bytes, kept, next - i);
                kept += next - i;
            } else {
                minute.count--;
                size--;
            }
            i = next;
        }
        minute.length = kept;
        if (kept == 0) {
            minutes.remove(last);
        }
    }

    void clear() {
        minutes.clear();
        size = 0;
    }

    int size() {
        return size;
    }

    private static int idLength(byte[] bytes, int i) {
        return (bytes[i + 8] & 0xFF) << 8 | bytes[i + 9] & 0xFF;
    }

    private static long readLong(byte[] bytes, int i) {
        long value = 0;
        for (int b = 0; b < Long.BYTES; b++) {
            value = value << 8 | bytes[i + b] & 0xFF;
        }
        return value;
    }

    private static void writeLong(byte[] bytes, int i, long value) {
        for (int b = Long.BYTES - 1; b >= 0; b--) {
            bytes[i + b] = (byte) value;
            value >>>= 8;
        }
    }
}
