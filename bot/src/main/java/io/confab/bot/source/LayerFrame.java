package io.confab.bot.source;

/** One layer's encoded frame of a picture; {@code layer} indexes {@link EncodedVideo#layers()}. */
public record LayerFrame(int layer, EncodedFrame frame) {
}
