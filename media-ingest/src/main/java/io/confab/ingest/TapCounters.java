package io.confab.ingest;

/**
 * What the tap did since start. {@code dropped()} is the back-pressure figure: packets the SFU
 * forwarded but the recording will miss.
 */
public record TapCounters(long offered, long published, long droppedQueueFull, long droppedByKafka, int queued) {

    public long dropped() {
        return droppedQueueFull + droppedByKafka;
    }
}
