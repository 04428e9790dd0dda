package io.confab.core.sfu.allocation;

import java.util.List;
import java.util.Objects;

/**
 * A participant's video track (camera or screen) as offered to receivers.
 *
 * @param sourceId the track's id, unique in the meeting
 * @param ownerId  the participant sending it: its place in the speaker order is the source's priority,
 *                 and it never receives its own source
 * @param layers   simulcast layers, lowest first; a single entry for a source without simulcast
 * @param muted    the sender has muted its video, so there is nothing to forward
 */
public record VideoSource(String sourceId, String ownerId, List<SimulcastLayer> layers, boolean muted) {

    public VideoSource {
        Objects.requireNonNull(sourceId, "sourceId");
        Objects.requireNonNull(ownerId, "ownerId");
        layers = List.copyOf(layers);
    }

    public static VideoSource of(String sourceId, String ownerId, SimulcastLayer... layers) {
        return new VideoSource(sourceId, ownerId, List.of(layers), false);
    }

    public VideoSource withMuted(boolean nowMuted) {
        return new VideoSource(sourceId, ownerId, layers, nowMuted);
    }

    public VideoSource withLayers(List<SimulcastLayer> nowLayers) {
        return new VideoSource(sourceId, ownerId, nowLayers, muted);
    }
}
