package io.confab.core.sfu;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The statistics only the media thread may read (its conferences, layers and downlinks), as it last
 * published them. The media thread takes them on its own timer; whoever asks (the operator's
 * endpoint, a metrics scrape) reads the last copy and never waits for, nor adds work to, the media
 * thread, however often it asks.
 */
final class StatsSnapshot implements Supplier<Map<String, Object>> {

    /** What is true before the first publication: the SFU has just started and holds no meeting. */
    private static final Map<String, Object> EMPTY = Map.of("meetings", 0, "participants", 0, "transports", 0,
            "videoLayers", List.of(), "downlinks", List.of());

    private volatile Map<String, Object> last = EMPTY;

    /** Called on the media thread with what it just walked; {@code takenAt} goes out as {@code statsPublishedAt}. */
    void publish(Map<String, Object> walked, Instant takenAt) {
        Map<String, Object> copy = new LinkedHashMap<>(walked);
        copy.put("statsPublishedAt", takenAt.toString());
        last = Map.copyOf(copy);
    }

    @Override
    public Map<String, Object> get() {
        return last;
    }
}
