package io.confab.bot.source;

import java.util.concurrent.ThreadLocalRandom;

/** Stand-in Opus frames (80 bytes, about 32 kbit/s) for load tests, with a steady speaking level. */
public final class SyntheticAudio implements EncodedAudio {

    private final int level;

    public SyntheticAudio(int level) {
        this.level = level;
    }

    @Override
    public EncodedFrame next() {
        byte[] data = new byte[80];
        ThreadLocalRandom.current().nextBytes(data);
        return new EncodedFrame(data, false, level);
    }
}
