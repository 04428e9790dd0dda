package io.confab.core.signaling.protocol;

import io.confab.storage.events.RecordingLayout;

import java.util.Locale;

/**
 * What a host asks of one cloud recording, from the {@code start_recording} message or the REST
 * body; carried on {@code RecordingStarted} so the recording job treats each recording its own way.
 *
 * @param transcribe ask the transcription pipeline for a transcript
 * @param layout     how the composite video is laid out; null for the deployment's default
 * @param audioOnly  record audio only: an M4A and per-participant tracks, no video
 */
public record RecordingOptions(boolean transcribe, RecordingLayout layout, boolean audioOnly) {

    /** What the web client's record button asks for: a transcript, the default layout, video. */
    public static final RecordingOptions DEFAULTS = new RecordingOptions(true, null, false);

    /**
     * The layout named on the wire ("gallery" or "speaker"), null when absent.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static RecordingLayout layoutNamed(String name) {
        if (name == null) {
            return null;
        }
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "gallery" -> RecordingLayout.GALLERY;
            case "speaker" -> RecordingLayout.SPEAKER;
            default -> throw new IllegalArgumentException("must be gallery or speaker");
        };
    }

    /** The wire name of the layout, null for the deployment's default. */
    public String layoutName() {
        return layout == null ? null : layout.name().toLowerCase(Locale.ROOT);
    }
}
