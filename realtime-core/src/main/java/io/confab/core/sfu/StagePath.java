package io.confab.core.sfu;

import java.util.List;

/**
 * A chain of stages run in order until one stops the packet. Every stage's in and out are counted;
 * every {@value #SAMPLE_EVERY}th packet through the path is also timed, stage by stage, which
 * costs two {@code System.nanoTime()} per stage on that packet only.
 */
final class StagePath<P> {

    /** A power of two: one packet in 64 is timed, enough for a mean per stage, cheap enough to leave on. */
    static final int SAMPLE_EVERY = 64;

    private final String name;
    private final PacketStage<P>[] stages;
    private int sequence;

    @SafeVarargs
    StagePath(String name, PacketStage<P>... stages) {
        this.name = name;
        this.stages = stages.clone();
    }

    String name() {
        return name;
    }

    List<PacketStage<P>> stages() {
        return List.of(stages);
    }

    /** True when the packet passed every stage. */
    boolean run(P packet) {
        boolean timed = (++sequence & (SAMPLE_EVERY - 1)) == 0;
        for (PacketStage<P> stage : stages) {
            StageCounters counters = stage.counters();
            counters.countIn();
            boolean goesOn;
            if (timed) {
                long start = System.nanoTime();
                goesOn = stage.process(packet);
                counters.sample(System.nanoTime() - start);
            } else {
                goesOn = stage.process(packet);
            }
            if (!goesOn) {
                return false;
            }
            counters.countOut();
        }
        return true;
    }
}
