package io.confab.bot.source;

import java.util.List;

/**
 * The bot's video as it is sent: 30 pictures a second, each encoded as one VP8 frame for every
 * simulcast layer that is asked for (one encoded stream a layer, RFC 7656 §3.6). A layer nobody
 * receives is not asked for, and costs nothing. The pictures come from the media library's
 * {@code VideoSource}.
 */
public interface EncodedVideo extends AutoCloseable {

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
