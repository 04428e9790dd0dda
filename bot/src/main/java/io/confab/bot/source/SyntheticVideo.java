package io.confab.bot.source;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Stand-in VP8 frames at each layer's bitrate, for load tests: valid VP8 payload headers (RFC 6386
 * §9.1: key frames carry the start code and the layer's size) over random bytes. The SFU parses,
 * forwards and switches layers on them exactly as on real video; nothing decodes them. Costs no
 * encoder CPU, so a load test's bots do not compete with the SFU for the machine.
 */
public final class SyntheticVideo implements EncodedVideo {

    /** A key frame every 3 s at 30 fps, as the real encoder's interval. */
    private static final int KEY_FRAME_INTERVAL = 90;

    private final List<VideoLayer> layers;
    private final int[] framesSent;

    /** One stream (no simulcast) of the given bitrate and size. */
    public SyntheticVideo(int bitrateBps, int width, int height) {
        this(List.of(new VideoLayer("", width, height, Math.max(10_000, bitrateBps))));
    }

    public SyntheticVideo(List<VideoLayer> layers) {
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("a video source needs at least one layer");
        }
        this.layers = List.copyOf(layers);
        this.framesSent = new int[layers.size()];
    }

    @Override
    public List<VideoLayer> layers() {
        return layers;
    }

    @Override
    public List<LayerFrame> next(List<LayerDemand> demands) {
        List<LayerFrame> frames = new ArrayList<>(demands.size());
        for (LayerDemand demand : demands) {
            VideoLayer layer = layers.get(demand.layer());
            boolean key = demand.keyFrame() || framesSent[demand.layer()] % KEY_FRAME_INTERVAL == 0;
            framesSent[demand.layer()]++;
            frames.add(new LayerFrame(demand.layer(), frame(layer, key)));
        }
        return frames;
    }

    private static EncodedFrame frame(VideoLayer layer, boolean key) {
        int bytesPerFrame = Math.max(200, layer.bitrateBps() / 8 / 30);
        byte[] data = new byte[key ? bytesPerFrame * 3 : bytesPerFrame];
        ThreadLocalRandom.current().nextBytes(data);
        int size = data.length;
        // Frame tag: bit 0 = 0 for a key frame, version 0, show_frame, first partition size.
        data[0] = (byte) ((key ? 0 : 1) | 0x10 | ((size & 0x7) << 5));
        data[1] = (byte) (size >> 3);
        data[2] = (byte) (size >> 11);
        if (key) {
            data[3] = (byte) 0x9d;
            data[4] = 0x01;
            data[5] = 0x2a;
            data[6] = (byte) layer.width();
            data[7] = (byte) ((layer.width() >> 8) & 0x3F);
            data[8] = (byte) layer.height();
            data[9] = (byte) ((layer.height() >> 8) & 0x3F);
        }
        return new EncodedFrame(data, key, 127);
    }
}
