package io.confab.core.sfu.allocation;

import java.util.Collections;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Which layers of one source any receiver gets or wants, so the SFU can ask the sender to pause the
 * rest (e.g. by RID, RFC 8851, or LiveKit-style subscribed qualities).
 *
 * <p>Pausing follows {@link #highestWanted()}, not {@link #forwardedLayers()}: a layer the SFU pauses
 * stops arriving, becomes inactive, and would never be chosen again, so every layer up to the highest
 * one a receiver's preference asks for keeps flowing even while bandwidth holds receivers lower. The
 * layers below stay on too, as the fallback a downgrade switches to at once.
 *
 * @param sourceId        the source
 * @param forwardedLayers layers at least one receiver gets now, ascending
 * @param highestWanted   the highest layer any receiver's preference asks for or gets,
 *                        {@link SourceAllocation#NONE} when nobody wants the source
 */
public record LayerUsage(String sourceId, SortedSet<Integer> forwardedLayers, int highestWanted) {

    public LayerUsage {
        Objects.requireNonNull(sourceId, "sourceId");
        forwardedLayers = Collections.unmodifiableSortedSet(new TreeSet<>(forwardedLayers));
    }

    public static LayerUsage unused(String sourceId) {
        return new LayerUsage(sourceId, new TreeSet<>(), SourceAllocation.NONE);
    }

    /** True when the sender may stop sending this layer: no receiver gets or wants it. */
    public boolean mayPause(int layer) {
        return layer > highestWanted;
    }
}
