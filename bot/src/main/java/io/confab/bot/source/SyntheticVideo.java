package io.confab.bot.source;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Stand-in VP8 frames of a given bitrate, for load tests: valid VP8 payload headers (RFC 6386 §9.1:
 * key frames carry the start code and the size) over random bytes. The SFU parses, forwards and
 * switches layers on them exactly as on real video; nothing decodes them. Costs no encoder CPU, so
 * a load test's bots do not compete with the SFU for the machine.
 */
public final class SyntheticVideo implements VideoSource {

    private final int bytesPerFrame;
    private final int width;
    private final int height;
    private int frame;

    public SyntheticVideo(int bitrateBps, int width, int height) {
        this.bytesPerFrame = Math.max(200, bitrateBps / 8 / 30);
        this.width = width;
        this.height = height;
    }

    @Override
    public EncodedFrame next(boolean keyFrameWanted) {
        boolean key = keyFrameWanted || frame % 90 == 0;
        frame++;
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
            data[6] = (byte) width;
            data[7] = (byte) ((width >> 8) & 0x3F);
            data[8] = (byte) height;
            data[9] = (byte) ((height >> 8) & 0x3F);
        }
        return new EncodedFrame(data, key, 127);
    }
}
