package io.confab.bot.source;

/** Where the bot's audio comes from: one encoded 20 ms Opus frame per call, with its RFC 6464 level. */
public interface AudioSource extends AutoCloseable {

    EncodedFrame next();

    @Override
    default void close() {
    }
}
