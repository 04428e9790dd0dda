package io.confab.batch.billing.pipeline;

import io.confab.batch.billing.source.SourceRecord;
import io.confab.batch.billing.usage.FactDecoder;
import io.confab.batch.billing.usage.Rejection;
import io.confab.batch.billing.usage.UsageFact;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.TupleTag;

/** Bytes to facts; what cannot be metered goes to {@link #REJECTED}, counted per topic. */
final class DecodeFacts extends DoFn<SourceRecord, UsageFact> {

    static final TupleTag<UsageFact> FACTS = new TupleTag<>() { };
    static final TupleTag<Rejection> REJECTED = new TupleTag<>() { };

    private final FactDecoder decoder;
    private final Counter read = Metrics.counter(BillingPipeline.METRICS, BillingPipeline.RECORDS_READ);

    DecodeFacts(FactDecoder decoder) {
        this.decoder = decoder;
    }

    @ProcessElement
    public void process(@Element SourceRecord record, MultiOutputReceiver out) {
        read.inc();
        FactDecoder.Reading reading = decoder.decode(record.topic(), record.value());
        if (reading.fact() != null) {
            out.get(FACTS).output(reading.fact());
        } else if (reading.rejection() != null) {
            Metrics.counter(BillingPipeline.METRICS, BillingPipeline.REJECTED_PREFIX + record.topic()).inc();
            out.get(REJECTED).output(reading.rejection());
        }
    }
}
