package io.confab.batch.billing.source;

import java.io.Serializable;

/** One record's value bytes as read from a topic; decoding happens in the pipeline, where failures are counted. */
public record SourceRecord(String topic, byte[] value) implements Serializable {
}
