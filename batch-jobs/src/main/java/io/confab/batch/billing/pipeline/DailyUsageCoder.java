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
        Fields.TEXT.encode(usage.accountId(), out);
        Fields.NUMBER.encode(usage.day().toEpochDay(), out);
        Fields.SMALL.encode(usage.metric().ordinal(), out);
        Fields.NUMBER.encode(usage.quantity(), out);
    }

    @Override
    public DailyUsage decode(InputStream in) throws IOException {
        return new DailyUsage(Fields.TEXT.decode(in), LocalDate.ofEpochDay(Fields.NUMBER.decode(in)), METRICS[Fields.SMALL.decode(in)],
                Fields.NUMBER.decode(in));
    }

    @Override
    public void verifyDeterministic() {
    }
}
