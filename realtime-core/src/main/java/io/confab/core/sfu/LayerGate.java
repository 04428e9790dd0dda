package io.confab.core.sfu;

/**
 * Which simulcast layer a receiver gets: only the layer it currently forwards goes on, and a switch
 * to the layer the allocation wants happens at that layer's key frame, since a decoder cannot
 * start mid-stream. Audio has one layer and passes.
 */
final class LayerGate extends CountedStage<ForwardedCopy> {

    private final SfuCounters sfu;

    LayerGate(SfuCounters sfu) {
        super("layer_gate", PacketDropReason.LAYER_NOT_FORWARDED);
        this.sfu = sfu;
    }

    @Override
    public boolean process(ForwardedCopy copy) {
        DownTrack track = copy.track;
        if (!track.isVideo()) {
            return true;
        }
        int layer = copy.packet.layer.index;
        if (layer == track.currentLayer) {
            return true;
        }
        if (layer == track.targetLayer && copy.packet.keyframe) {
            track.currentLayer = layer;
            sfu.layerSwitches.increment();
            return true;
        }
        sfu.notForwardedLayer.increment();
        counters.drop(PacketDropReason.LAYER_NOT_FORWARDED);
        return false;
    }
}
