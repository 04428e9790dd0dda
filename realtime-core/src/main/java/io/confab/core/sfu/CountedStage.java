package io.confab.core.sfu;

/** A stage with its own counters, named once where the stage is defined. */
abstract class CountedStage<P> implements PacketStage<P> {

    final StageCounters counters;

    CountedStage(String stage, PacketDropReason... reasons) {
        this.counters = new StageCounters(stage, reasons);
    }

    @Override
    public final StageCounters counters() {
        return counters;
    }
}
