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
    private final List<PacketDropReason> reasons;
    private final long[] slots = new long[DROPS + PacketDropReason.values().length];

    /** {@code reasons}: the drops this stage can make, which the metrics export. */
    StageCounters(String stage, PacketDropReason... reasons) {
        this.stage = stage;
        this.reasons = List.of(reasons);
    }

    String stage() {
        return stage;
    }

    List<PacketDropReason> reasons() {
        return reasons;
    }

    void countIn() {
        add(IN, 1);
    }

    void countOut() {
        add(OUT, 1);
    }

    void drop(PacketDropReason reason) {
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

    long dropped(PacketDropReason reason) {
        return read(DROPS + reason.ordinal());
    }

    long sampled() {
        return read(SAMPLED);
    }

    long sampledNanos() {
        return read(SAMPLED_NANOS);
    }

    /**
     * The same stage on every media thread, read as one: each figure is the sum of the threads'
     * (every thread declares the same paths, so their stages line up by position).
     */
    record Sum(String stage, List<PacketDropReason> reasons, List<StageCounters> parts) {

        long in() {
            return parts.stream().mapToLong(StageCounters::in).sum();
        }

        long out() {
            return parts.stream().mapToLong(StageCounters::out).sum();
        }

        long dropped(PacketDropReason reason) {
            return parts.stream().mapToLong(part -> part.dropped(reason)).sum();
        }

        long sampled() {
            return parts.stream().mapToLong(StageCounters::sampled).sum();
        }

        long sampledNanos() {
            return parts.stream().mapToLong(StageCounters::sampledNanos).sum();
        }
    }

    /** {@code byThread}: each thread's stages in path order ({@code PacketPaths.stageCounters()}); one sum per stage. */
    static List<Sum> summed(List<List<StageCounters>> byThread) {
        List<Sum> sums = new java.util.ArrayList<>();
        List<StageCounters> first = byThread.get(0);
        for (int i = 0; i < first.size(); i++) {
            List<StageCounters> parts = new java.util.ArrayList<>();
            for (List<StageCounters> thread : byThread) {
                if (!thread.get(i).stage.equals(first.get(i).stage)) {
                    throw new IllegalStateException("media threads declare different paths: stage " + i + " is "
                            + first.get(i).stage + " and " + thread.get(i).stage);
                }
                parts.add(thread.get(i));
            }
            sums.add(new Sum(first.get(i).stage, first.get(i).reasons, List.copyOf(parts)));
        }
        return sums;
    }

    private void add(int slot, long delta) {
        SLOT.setOpaque(slots, slot, (long) SLOT.getOpaque(slots, slot) + delta);
    }

    private long read(int slot) {
        return (long) SLOT.getOpaque(slots, slot);
    }
}
