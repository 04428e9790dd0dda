package io.confab.bot.source;

/**
 * The bot's audio as it is sent: one encoded 20 ms Opus frame per call, with its RFC 6464 level (an
 * encoded stream, RFC 7656 §3.6). The PCM it is made from is the media library's {@code AudioSource}.
 */
public interface EncodedAudio extends AutoCloseable {

    EncodedFrame next();

    @Override
    default void close() {
    }
}
