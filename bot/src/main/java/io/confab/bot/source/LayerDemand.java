package io.confab.bot.source;

/**
 * One layer the next picture must be encoded for.
 *
 * @param layer    index into {@link EncodedVideo#layers()}, lowest first
 * @param keyFrame whether this layer's frame must be a key frame (a PLI or FIR, or a resumed layer)
 */
public record LayerDemand(int layer, boolean keyFrame) {
}
