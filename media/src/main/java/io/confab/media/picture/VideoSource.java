package io.confab.media.picture;

/**
 * Where the bot's camera pictures come from, one I420 picture per call at the sender's frame
 * rate. Sources reuse one {@link I420Frame}: the returned picture is overwritten by the next
 * call. Not thread-safe.
 */
public interface VideoSource {
    /** The next picture; valid until the next call. */
    I420Frame nextFrame();

    int width();

    int height();
}
