package io.confab.media.picture;

import java.util.Objects;

/**
 * A {@link VideoSource} that draws every picture into the one {@link I420Frame} it was made with,
 * as the interface lets sources do: its size is that frame's, fixed for its life.
 */
public abstract class OneFrameSource implements VideoSource {

    /** The picture every {@link #nextFrame()} fills and returns. */
    protected final I420Frame frame;

    protected OneFrameSource(I420Frame frame) {
        this.frame = Objects.requireNonNull(frame, "frame");
    }

    @Override
    public final int width() {
        return frame.width();
    }

    @Override
    public final int height() {
        return frame.height();
    }
}
