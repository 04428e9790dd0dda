package io.confab.bot.source;

/** Where the bot's video comes from: one encoded VP8 frame per call, 30 times a second. */
public interface VideoSource extends AutoCloseable {

    /** The next frame; a key frame when {@code keyFrameWanted} (a receiver sent PLI) or when due. */
    EncodedFrame next(boolean keyFrameWanted);

    @Override
    default void close() {
    }
}
