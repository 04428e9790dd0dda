package io.confab.batch.billing.pipeline;

import io.confab.batch.billing.usage.DailyUsage;
import io.confab.batch.billing.usage.Metric;
import org.apache.beam.sdk.coders.CustomCoder;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.LocalDate;

/** Account, epoch day, metric ordinal, quantity: a daily total in a few bytes. */
public final class DailyUsageCoder extends CustomCoder<DailyUsage> {

    private static final DailyUsageCoder INSTANCE = new DailyUsageCoder();
    private static final Metric[] METRICS = Metric.values();

    public static DailyUsageCoder of() {
        return INSTANCE;
    }

    @Override
    public void encode(DailyUsage usage, OutputStream out) throws IOException {
        Fields.text(usage.accountId(), out);
        Fields.number(usage.day().toEpochDay(), out);
        Fields.small(usage.metric().ordinal(), out);
        Fields.number(usage.quantity(), out);
    }

    @Override
    public DailyUsage decode(InputStream in) throws IOException {
        return new DailyUsage(Fields.text(in), LocalDate.ofEpochDay(Fields.number(in)), METRICS[Fields.small(in)], Fields.number(in));
    }

    @Override
    public void verifyDeterministic() {
    }
}
