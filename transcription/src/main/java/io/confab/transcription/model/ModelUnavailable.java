package io.confab.transcription.model;

/**
 * The speech model cannot be used: missing, half there, or refused by Vosk. The message is one
 * line naming the path and what to do, meant to stop start-up as it is.
 */
public final class ModelUnavailable extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ModelUnavailable(String message) {
        super(message);
    }

    public ModelUnavailable(String message, Throwable cause) {
        super(message, cause);
    }
}
