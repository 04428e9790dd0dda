package io.confab.batch.billing.pipeline;

import io.confab.batch.billing.invoice.Invoice;
import io.confab.batch.billing.invoice.Pricing;
import io.confab.batch.billing.price.PriceBook;
import io.confab.batch.billing.usage.DailyUsage;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.KV;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** One account's daily totals of the month to its invoice ({@link Pricing}). */
final class PriceAccounts extends DoFn<KV<String, Iterable<DailyUsage>>, Invoice> {

    private final YearMonth month;
    private final PriceBook book;

    PriceAccounts(YearMonth month, PriceBook book) {
        this.month = month;
        this.book = book;
    }

    @ProcessElement
    public void process(@Element KV<String, Iterable<DailyUsage>> account, OutputReceiver<Invoice> out) {
        List<DailyUsage> days = new ArrayList<>();
        account.getValue().forEach(days::add);
        days.sort(Comparator.comparing(DailyUsage::day).thenComparing(DailyUsage::metric));
        out.output(Pricing.price(account.getKey(), month, days, book));
    }
}
