package io.confab.bot.source;

import java.util.List;
import java.util.stream.IntStream;

/**
 * One RTP stream of the bot's camera: a simulcast layer named by its rid (RFC 8851), or the only
 * stream (rid empty) of a bot that sends one layer.
 *
 * @param rid        the layer's rid, {@code ""} without simulcast
 * @param width      picture width in pixels
 * @param height     picture height in pixels
 * @param bitrateBps the encoder's target, bits per second
 */
public record VideoLayer(String rid, int width, int height, int bitrateBps) {

    /** The most layers a bot sends, as the web client: rids l, m, h at ¼, ½ and full size. */
    public static final int MAX_LAYERS = 3;
    /** The web client's top layer (peer.js: maxBitrate 1 500 000 for rid h). */
    public static final int DEFAULT_TOP_BITRATE = 1_500_000;

    private static final String[] RIDS = {"l", "m", "h"};
    private static final int[] DOWN_BY = {4, 2, 1};
    /** peer.js's 150/500/1500 kbit/s as shares of the top layer's bitrate. */
    private static final double[] SHARE_OF_TOP = {0.1, 1 / 3.0, 1.0};

    public VideoLayer {
        if (rid == null || width < 2 || height < 2 || bitrateBps < 10_000) {
            throw new IllegalArgumentException("video layer '" + rid + "' " + width + "x" + height + " at " + bitrateBps
                    + " bit/s: needs a rid, at least 2x2 pixels and 10 kbit/s");
        }
    }

    public boolean simulcast() {
        return !rid.isEmpty();
    }

    /**
     * The layers a browser publishes from a camera of the given size, lowest first, as peer.js asks
     * for them: with {@code count} 3, rids l/m/h at ¼, ½ and full size and about 150/500/1500 kbit/s
     * for a 1.5 Mbit/s top; with 2, m and h; with 1, one stream (no rid) at full size and the top
     * bitrate. Sizes are rounded down to even numbers, as libwebrtc's scaler does.
     */
    public static List<VideoLayer> ladder(int width, int height, int count, int topBitrateBps) {
        if (count < 1 || count > MAX_LAYERS) {
            throw new IllegalArgumentException("a bot sends 1 to " + MAX_LAYERS + " video layers, not " + count);
        }
        if (count == 1) {
            return List.of(new VideoLayer("", width, height, topBitrateBps));
        }
        return IntStream.range(MAX_LAYERS - count, MAX_LAYERS)
                .mapToObj(i -> new VideoLayer(RIDS[i], even(width / DOWN_BY[i]), even(height / DOWN_BY[i]),
                        (int) Math.max(10_000, Math.round(topBitrateBps * SHARE_OF_TOP[i]))))
                .toList();
    }

    private static int even(int size) {
        return Math.max(2, size & ~1);
    }
}
