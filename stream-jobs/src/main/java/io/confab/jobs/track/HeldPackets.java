package io.confab.jobs.track;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import org.apache.flink.api.common.state.ListState;

/**
 * One meeting's tapped packets held in keyed list state until the event that says whether the
 * meeting is recorded or transcribed (the recording mixer's and the transcriber's hold): that event
 * comes through the meeting service's outbox and can arrive after the first packets, which come
 * straight from the SFU.
 *
 * <p>Each packet is framed with when the operator read it (processing time, epoch milliseconds),
 * and the hold counts from the reading, not from the packet's arrival at the SFU: a job restored
 * from a checkpoint replays packets whose arrival is long past, and their start event is only a few
 * fetches behind them. Read times grow in the order packets are held, so expiry looks at the
 * oldest without decoding any and stops at the first young one.
 *
 * <pre>
 * [read at millis: 8 bytes][the media.packets record]
 * </pre>
 */
public final class HeldPackets {

    private static final int NO_CAP = Integer.MAX_VALUE;

    private final ListState<byte[]> state;
    private final long holdMs;
    private final long batchMs;
    private final int cap;

    private HeldPackets(ListState<byte[]> state, Duration hold, Duration batch, int cap) {
        if (hold.isNegative() || batch.isNegative() || cap < 0) {
            throw new IllegalArgumentException("a hold needs a hold and batch of at least 0 and a cap of at least 0, not "
                    + hold + ", " + batch + " and " + cap);
        }
        this.state = state;
        this.holdMs = hold.toMillis();
        this.batchMs = batch.toMillis();
        this.cap = cap;
    }

    /**
     * A hold whose packets go in batches: nothing expires until the oldest is {@code batch} past
     * {@code hold}, and then everything past {@code hold} goes in one rewrite of the list, so a tick
     * between batches reads one element instead of rewriting the whole list.
     */
    public static HeldPackets expiringInBatches(ListState<byte[]> state, Duration hold, Duration batch) {
        return new HeldPackets(state, hold, batch, NO_CAP);
    }

    /** A hold of at most {@code cap} packets (the oldest go first), each expiring once {@code hold} old. */
    public static HeldPackets capped(ListState<byte[]> state, Duration hold, int cap) {
        return new HeldPackets(state, hold, Duration.ZERO, cap);
    }

    /** Holds one media.packets record read at {@code readAtMs}. */
    public void hold(long readAtMs, byte[] record) throws Exception {
        state.add(ByteBuffer.allocate(8 + record.length).putLong(readAtMs).put(record).array());
    }

    /** The held records in the order they were held; the hold is empty afterwards. */
    public List<byte[]> release() throws Exception {
        List<byte[]> records = new ArrayList<>();
        for (byte[] framed : state.get()) {
            records.add(Arrays.copyOfRange(framed, 8, framed.length));
        }
        state.clear();
        return records;
    }

    /**
     * Drops the packets read more than the hold before {@code nowMs}, and the oldest beyond the cap.
     *
     * @return how many were dropped
     */
    public int expire(long nowMs) throws Exception {
        Iterator<byte[]> held = state.get().iterator();
        if (!held.hasNext()) {
            return 0;
        }
        long limit = nowMs - holdMs;
        long oldest = readAtMs(held.next());
        boolean overCap = false;
        if (cap != NO_CAP) {
            int count = 1;
            while (count <= cap && held.hasNext()) {
                held.next();
                count++;
            }
            overCap = count > cap;
        }
        if (!overCap && oldest >= limit - batchMs) {
            return 0;
        }
        List<byte[]> waiting = new ArrayList<>();
        state.get().forEach(waiting::add);
        int expired = Math.max(0, waiting.size() - cap);
        while (expired < waiting.size() && readAtMs(waiting.get(expired)) < limit) {
            expired++;
        }
        if (expired > 0) {
            state.update(new ArrayList<>(waiting.subList(expired, waiting.size())));
        }
        return expired;
    }

    public boolean isEmpty() throws Exception {
        Iterable<byte[]> held = state.get();
        return held == null || !held.iterator().hasNext();
    }

    public void clear() {
        state.clear();
    }

    private static long readAtMs(byte[] framed) {
        return ByteBuffer.wrap(framed).getLong(0);
    }
}
