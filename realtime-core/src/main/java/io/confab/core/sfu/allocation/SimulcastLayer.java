package io.confab.core.sfu.allocation;

/**
 * One simulcast encoding of a video source as the SFU measures it. A source lists its layers lowest
 * first (index 0), the order RFC 8853 simulcast streams are usually declared in.
 *
 * @param bitrateBps measured bitrate in bits per second; 0 until a measurement exists, which makes the
 *                   layer look free, so callers should prefer the sender's target bitrate until then
 * @param height     frame height in pixels; 0 when not yet known, which fits under any height limit
 * @param active     whether packets of this layer are arriving; an inactive layer is never chosen
 */
public record SimulcastLayer(long bitrateBps, int height, boolean active) {

    public SimulcastLayer {
        if (bitrateBps < 0) {
            throw new IllegalArgumentException("bitrateBps must be >= 0, got " + bitrateBps);
        }
        if (height < 0) {
            throw new IllegalArgumentException("height must be >= 0, got " + height);
        }
    }

    public static SimulcastLayer active(long bitrateBps, int height) {
        return new SimulcastLayer(bitrateBps, height, true);
    }

    public static SimulcastLayer inactive(long bitrateBps, int height) {
        return new SimulcastLayer(bitrateBps, height, false);
    }
}
