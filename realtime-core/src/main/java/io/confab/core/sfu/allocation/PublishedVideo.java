package io.confab.core.sfu.allocation;

import java.util.List;
import java.util.Objects;

/**
 * A participant's video track (camera or screen) as published to the SFU and offered to receivers: what
 * the allocator shares bandwidth among. Not the bot's or the media library's picture source, which
 * make the pictures; this only describes a track that exists.
 *
 * @param sourceId the track's id, unique in the meeting
 * @param ownerId  the participant sending it: its place in the speaker order is the source's priority,
 *                 and it never receives its own source
 * @param layers   simulcast layers, lowest first; a single entry for a source without simulcast
 * @param muted    the sender has muted its video, so there is nothing to forward
 */
public record PublishedVideo(String sourceId, String ownerId, List<SimulcastLayer> layers, boolean muted) {

    public PublishedVideo {
        Objects.requireNonNull(sourceId, "sourceId");
        Objects.requireNonNull(ownerId, "ownerId");
        layers = List.copyOf(layers);
    }

    public static PublishedVideo of(String sourceId, String ownerId, SimulcastLayer... layers) {
        return new PublishedVideo(sourceId, ownerId, List.of(layers), false);
    }

    public PublishedVideo withMuted(boolean nowMuted) {
        return new PublishedVideo(sourceId, ownerId, layers, nowMuted);
    }

    public PublishedVideo withLayers(List<SimulcastLayer> nowLayers) {
        return new PublishedVideo(sourceId, ownerId, nowLayers, muted);
    }
}
