package io.confab.core.sfu.allocation;

import java.util.Objects;

/**
 * What one receiver gets of one source.
 *
 * @param sourceId    the source
 * @param layer       the simulcast layer to forward, or {@link #NONE}
 * @param targetLayer the layer the receiver's preference asks for among all the source's layers, active
 *                    or not, or {@link #NONE} when it wants nothing; {@code layer < targetLayer} means
 *                    bandwidth or a paused layer held it back, and {@code layer > targetLayer} that only
 *                    layers taller than the preference are arriving, so the lowest of them is sent
 * @param bitrateBps  the chosen layer's bitrate, 0 for NONE
 * @param reason      {@link Reason#FORWARDED} when a layer was chosen, else why not
 */
public record SourceAllocation(String sourceId, int layer, int targetLayer, long bitrateBps, Reason reason) {

    public static final int NONE = -1;

    /** Why a source is or is not forwarded; the first that applies, in declaration order after FORWARDED. */
    public enum Reason {
        FORWARDED,
        /** The sender muted its video. */
        VIDEO_MUTED,
        /** The receiver turned this source off. */
        PREFERENCE_OFF,
        /** Other sources are higher in the speaker order and fill the receiver's last-N. */
        NOT_IN_LAST_N,
        /** Wanted, but no layer of it is arriving (paused or not started). */
        NOT_SENDING,
        /** Wanted, but even its lowest layer does not fit the receiver's budget. */
        BANDWIDTH
    }

    public SourceAllocation {
        Objects.requireNonNull(sourceId, "sourceId");
        Objects.requireNonNull(reason, "reason");
    }

    public boolean forwarded() {
        return layer != NONE;
    }

    /** True when the receiver wants this source now, forwarded or not; such layers must not be paused. */
    public boolean wanted() {
        return targetLayer != NONE;
    }
}
