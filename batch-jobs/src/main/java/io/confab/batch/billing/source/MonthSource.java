package io.confab.batch.billing.source;

import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.values.PCollection;

import java.io.Serializable;

/**
 * The raw records a billing run reads: today the Kafka topics, bounded at the run's start; the
 * Parquet warehouse later (planned, with the warehouse issue). Every record of the three usage topics
 * in retention, whatever its time: the rules need the days around the month too (a presence that
 * began the evening before, a leave the morning after).
 */
public interface MonthSource extends Serializable {

    PCollection<SourceRecord> read(Pipeline pipeline);

    /** How many records the read will produce, for progress; -1 when unknown. */
    long expectedRecords();
}
