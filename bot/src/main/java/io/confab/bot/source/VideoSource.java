package io.confab.bot.source;

import java.util.List;

/**
 * Where the bot's video comes from: 30 pictures a second, each encoded as one VP8 frame for every
 * simulcast layer that is asked for. A layer nobody receives is not asked for, and costs nothing.
 */
public interface VideoSource extends AutoCloseable {

    /** The layers this source can send, lowest first; one (rid {@code ""}) without simulcast. */
    List<VideoLayer> layers();

    /**
     * Takes the next picture (the clip moves on even when no layer is asked for) and encodes it for
     * the layers asked for, each a key frame when its demand says so or when one is due. A layer
     * whose encoder dropped the picture is absent from the result.
     */
    List<LayerFrame> next(List<LayerDemand> demands);

    @Override
    default void close() {
    }
}
