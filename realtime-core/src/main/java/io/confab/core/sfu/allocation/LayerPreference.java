package io.confab.core.sfu.allocation;

/**
 * How a receiver shows one source, which caps the layer it may get: OFF shows nothing, THUMBNAIL a
 * gallery tile (the highest layer no taller than {@link AllocationConfig#thumbnailHeight()}, or the
 * lowest if none is that small), LARGE the speaker view (any layer). An explicit height limit, from a
 * client that knows its tile size, caps the same way on top.
 *
 * @param view      how the source is shown
 * @param maxHeight tallest layer wanted in pixels; {@link #ANY_HEIGHT} for no limit
 */
public record LayerPreference(View view, int maxHeight) {

    public static final int ANY_HEIGHT = Integer.MAX_VALUE;
    public static final LayerPreference OFF = new LayerPreference(View.OFF, ANY_HEIGHT);
    public static final LayerPreference THUMBNAIL = new LayerPreference(View.THUMBNAIL, ANY_HEIGHT);
    public static final LayerPreference LARGE = new LayerPreference(View.LARGE, ANY_HEIGHT);

    /** How a receiver's layout shows a source. */
    public enum View { OFF, THUMBNAIL, LARGE }

    public LayerPreference {
        if (view == null) {
            throw new IllegalArgumentException("view must not be null");
        }
        if (maxHeight < 1) {
            throw new IllegalArgumentException("maxHeight must be >= 1, got " + maxHeight);
        }
    }

    public LayerPreference withMaxHeight(int height) {
        return new LayerPreference(view, height);
    }
}
