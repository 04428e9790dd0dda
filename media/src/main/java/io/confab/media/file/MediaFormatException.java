package io.confab.media.file;

import java.io.IOException;

/** A local media file is not in a format the bot reads; the message says what was found. */
public final class MediaFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public MediaFormatException(String message) {
        super(message);
    }
}
