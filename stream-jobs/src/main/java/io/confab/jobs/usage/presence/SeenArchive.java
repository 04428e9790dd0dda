package io.confab.jobs.usage.presence;

import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Where a meeting's seen event ids live once its ledger has expired, and where an older meter kept
 * the ids it deduplicated: both window stores with the seen-id retention, asked only by the meeting
 * fold ({@link MeetingFold}) when a ledger is new or was written by an older meter.
 */
interface SeenArchive {

    /** The ids of {@code meetingId}'s expired ledgers in one set; incomplete on a meter upgraded in place. */
    SeenEvents archived(String meetingId);

    /** Keeps an expiring ledger's ids under its meeting at {@code at}, its last event time. */
    void archive(String meetingId, SeenEvents seen, long at);

    /** Whether an older meter metered this id at this time (its window store, only read now). */
    boolean seenByOlderMeter(String eventId, long at);

    /** The two window stores of the task. */
    static SeenArchive inStores(ProcessorContext<?, ?> context, String archiveStore, String olderSeenStore) {
        WindowStore<String, SeenEvents> archive = context.getStateStore(archiveStore);
        WindowStore<String, Long> olderSeen = context.getStateStore(olderSeenStore);
        boolean olderMeterSawEvents;
        try (var any = olderSeen.all()) {
            // Read once per task set-up: a fresh meter's older store stays empty, and is then never asked.
            olderMeterSawEvents = any.hasNext();
        }
        return new SeenArchive() {
            @Override
            public SeenEvents archived(String meetingId) {
                SeenEvents all = olderMeterSawEvents ? SeenEvents.fromOlderMeter() : SeenEvents.none();
                try (WindowStoreIterator<SeenEvents> entries = archive.fetch(meetingId, 0L, Long.MAX_VALUE)) {
                    entries.forEachRemaining(entry -> all.addAll(entry.value));
                }
                return all;
            }

            @Override
            public void archive(String meetingId, SeenEvents seen, long at) {
                archive.put(meetingId, seen, at);
            }

            @Override
            public boolean seenByOlderMeter(String eventId, long at) {
                return olderSeen.fetch(eventId, at) != null;
            }
        };
    }
}
