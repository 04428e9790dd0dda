package io.confab.core.sfu.allocation;

import java.util.List;

/**
 * The highest layer a preference allows: the highest one no taller than the preference's height limit,
 * or the lowest one when every layer is taller, so a tile always has something to show.
 */
final class LayerCeiling {

    private LayerCeiling() {
    }

    static int heightLimit(LayerPreference preference, int thumbnailHeight) {
        int viewLimit = preference.view() == LayerPreference.View.THUMBNAIL
                ? thumbnailHeight : LayerPreference.ANY_HEIGHT;
        return Math.min(viewLimit, preference.maxHeight());
    }

    /**
     * @param onlyActive consider only layers that are arriving
     * @return the layer index, or {@link SourceAllocation#NONE} when there is no layer to consider
     */
    static int of(List<SimulcastLayer> layers, int heightLimit, boolean onlyActive) {
        int lowest = SourceAllocation.NONE;
        int highestFitting = SourceAllocation.NONE;
        for (int i = 0; i < layers.size(); i++) {
            SimulcastLayer layer = layers.get(i);
            if (onlyActive && !layer.active()) {
                continue;
            }
            if (lowest == SourceAllocation.NONE) {
                lowest = i;
            }
            if (layer.height() <= heightLimit) {
                highestFitting = i;
            }
        }
        return highestFitting != SourceAllocation.NONE ? highestFitting : lowest;
    }

    /** The lowest arriving layer, or NONE. */
    static int lowestActive(List<SimulcastLayer> layers) {
        for (int i = 0; i < layers.size(); i++) {
            if (layers.get(i).active()) {
                return i;
            }
        }
        return SourceAllocation.NONE;
    }
}
