package io.confab.core.sfu.allocation;

import java.util.Objects;

/**
 * The meeting-wide rules of {@link BandwidthAllocator}.
 *
 * @param lastN              video for at most this many sources per receiver, highest in the speaker
 *                           order; -1 for no limit. A receiver's own last-N can only lower it.
 * @param upgradeHeadroom    an upgrade (to a higher layer, or from nothing to a layer) is taken only if
 *                           the budget left afterwards is at least this fraction of the new layer's
 *                           bitrate; downgrades need no headroom
 * @param thumbnailHeight    tallest layer a THUMBNAIL gets, in pixels
 * @param defaultPreference  the preference for a source the receiver said nothing about
 */
public record AllocationConfig(int lastN, double upgradeHeadroom, int thumbnailHeight,
                               LayerPreference defaultPreference) {

    /** Receivers that state no last-N or preference get all sources as thumbnails. */
    public static final int ALL = -1;

    /**
     * 10% headroom is larger than the wobble of a REMB estimate from one report to the next, so the
     * choice only changes when the estimate really moves. 180 pixels is the "LD" layer of the usual
     * 180/360/720 simulcast ladder, enough for a gallery tile.
     */
    public static final AllocationConfig DEFAULT = new AllocationConfig(ALL, 0.10, 180, LayerPreference.THUMBNAIL);

    public AllocationConfig {
        if (lastN < ALL) {
            throw new IllegalArgumentException("lastN must be -1 (all) or >= 0, got " + lastN);
        }
        if (!(upgradeHeadroom >= 0) || Double.isInfinite(upgradeHeadroom)) {
            throw new IllegalArgumentException("upgradeHeadroom must be a finite number >= 0, got " + upgradeHeadroom);
        }
        if (thumbnailHeight < 1) {
            throw new IllegalArgumentException("thumbnailHeight must be >= 1, got " + thumbnailHeight);
        }
        Objects.requireNonNull(defaultPreference, "defaultPreference");
    }

    public AllocationConfig withLastN(int n) {
        return new AllocationConfig(n, upgradeHeadroom, thumbnailHeight, defaultPreference);
    }

    public AllocationConfig withUpgradeHeadroom(double headroom) {
        return new AllocationConfig(lastN, headroom, thumbnailHeight, defaultPreference);
    }
}
