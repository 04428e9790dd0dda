package io.confab.batch.billing.pipeline;

import io.confab.batch.billing.usage.UsageFact;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.WithKeys;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.TypeDescriptors;

/**
 * One fact per identity (USAGE.md "Inputs"). When two records share an identity but differ, the
 * smallest by its text is kept, so that every run (and every runner) keeps the same one.
 */
final class DropDuplicates extends PTransform<PCollection<UsageFact>, PCollection<UsageFact>> {

    @Override
    public PCollection<UsageFact> expand(PCollection<UsageFact> facts) {
        return facts
                .apply("ByIdentity", WithKeys.of((UsageFact fact) -> fact.identity()).withKeyType(TypeDescriptors.strings()))
                .setCoder(KvCoder.of(StringUtf8Coder.of(), SerializableCoder.of(UsageFact.class)))
                .apply("Together", GroupByKey.create())
                .apply("KeepOne", ParDo.of(new KeepOne()))
                .setCoder(SerializableCoder.of(UsageFact.class));
    }

    static final class KeepOne extends DoFn<KV<String, Iterable<UsageFact>>, UsageFact> {
        private final Counter duplicates = Metrics.counter(BillingPipeline.METRICS, BillingPipeline.DUPLICATES);

        @ProcessElement
        public void process(@Element KV<String, Iterable<UsageFact>> copies, OutputReceiver<UsageFact> out) {
            UsageFact kept = null;
            for (UsageFact copy : copies.getValue()) {
                if (kept == null) {
                    kept = copy;
                } else {
                    duplicates.inc();
                    if (copy.toString().compareTo(kept.toString()) < 0) {
                        kept = copy;
                    }
                }
            }
            out.output(kept);
        }
    }
}
