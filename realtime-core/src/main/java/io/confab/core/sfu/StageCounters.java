package io.confab.core.sfu;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.List;

/**
 * One stage's figures since start: packets in, packets out, packets dropped by reason, and the
 * time spent in the stage for a sample of packets. Only the media thread writes, so an update is a
 * plain read and an opaque write (no lock, no CAS, no allocation: cheaper than a LongAdder on the
 * hot path); a scrape on another thread reads each slot opaquely and sees a recent value.
 */
final class StageCounters {

    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);
    private static final int IN = 0;
    private static final int OUT = 1;
    private static final int SAMPLED = 2;
    private static final int SAMPLED_NANOS = 3;
    private static final int DROPS = 4;

    private final String stage;
    private final List<DropReason> reasons;
    private final long[] slots = new long[DROPS + DropReason.values().length];

    /** {@code reasons}: the drops this stage can make, which the metrics export. */
    StageCounters(String stage, DropReason... reasons) {
        this.stage = stage;
        this.reasons = List.of(reasons);
    }

    String stage() {
        return stage;
    }

    List<DropReason> reasons() {
        return reasons;
    }

    void countIn() {
        add(IN, 1);
    }

    void countOut() {
        add(OUT, 1);
    }

    void drop(DropReason reason) {
        add(DROPS + reason.ordinal(), 1);
    }

    void sample(long nanos) {
        add(SAMPLED, 1);
        add(SAMPLED_NANOS, nanos);
    }

    long in() {
        return read(IN);
    }

    long out() {
        return read(OUT);
    }

    long dropped(DropReason reason) {
        return read(DROPS + reason.ordinal());
    }

    long sampled() {
        return read(SAMPLED);
    }

    long sampledNanos() {
        return read(SAMPLED_NANOS);
    }

    private void add(int slot, long delta) {
        SLOT.setOpaque(slots, slot, (long) SLOT.getOpaque(slots, slot) + delta);
    }

    private long read(int slot) {
        return (long) SLOT.getOpaque(slots, slot);
    }
}
