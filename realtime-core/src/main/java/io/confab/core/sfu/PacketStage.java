package io.confab.core.sfu;

/**
 * One step of the SFU's packet path: it does one job on a packet and says whether the packet goes
 * on. A stage that stops a packet has counted why ({@link StageCounters#drop}); {@link StagePath}
 * counts what came in and went out, so for every stage {@code in = out + drops}.
 *
 * @param <P> the media thread's reusable view of the packet
 */
interface PacketStage<P> {

    StageCounters counters();

    /** True when the packet goes on to the next stage. Media thread only; must not allocate on the forwarding path. */
    boolean process(P packet);
}
