package io.confab.batch.billing.pipeline;

import io.confab.batch.billing.invoice.Invoice;
import io.confab.batch.billing.invoice.InvoiceFormats;
import io.confab.batch.billing.store.BillingStore;
import io.confab.batch.billing.usage.DailyUsage;
import io.confab.batch.billing.usage.Rejection;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.SerializableFunction;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** The files of a month: each account's invoice, the list of all, the daily totals and the rejections. */
final class WriteBilling {

    /** Files every run writes, beside {@code {account}.json} and {@code {account}.csv}. */
    static final String INVOICES = "invoices.json";
    static final String DAILY_USAGE = "usage-daily.csv";
    static final String REJECTIONS = "rejections.txt";

    private WriteBilling() {
    }

    static final class AccountInvoice extends DoFn<Invoice, Void> {
        private final BillingStore store;
        private final YearMonth month;

        AccountInvoice(BillingStore store, YearMonth month) {
            this.store = store;
            this.month = month;
        }

        @ProcessElement
        public void process(@Element Invoice invoice) {
            store.put(month, invoice.accountId() + ".json", InvoiceFormats.json(invoice), "application/json");
            store.put(month, invoice.accountId() + ".csv", InvoiceFormats.csv(invoice), "text/csv");
        }
    }

    /** One file of the month made from one element (the list of all invoices, the daily totals, the rejections). */
    static final class MonthFile<T> extends DoFn<T, Void> {
        private final BillingStore store;
        private final YearMonth month;
        private final String name;
        private final String contentType;
        private final SerializableFunction<T, String> content;

        MonthFile(BillingStore store, YearMonth month, String name, String contentType, SerializableFunction<T, String> content) {
            this.store = store;
            this.month = month;
            this.name = name;
            this.contentType = contentType;
            this.content = content;
        }

        @ProcessElement
        public void process(@Element T element) {
            store.put(month, name, content.apply(element), contentType);
        }
    }

    /** {@value #INVOICES}: every invoice of the month, by account. */
    static MonthFile<List<Invoice>> allInvoices(BillingStore store, YearMonth month) {
        return new MonthFile<>(store, month, INVOICES, "application/json", invoices -> {
            List<Invoice> sorted = new ArrayList<>(invoices);
            sorted.sort(Comparator.comparing(Invoice::accountId));
            return InvoiceFormats.json(sorted);
        });
    }

    /** {@value #DAILY_USAGE}: what {@code billing reconcile} compares with the streaming totals. */
    static MonthFile<List<DailyUsage>> dailyUsage(BillingStore store, YearMonth month) {
        return new MonthFile<>(store, month, DAILY_USAGE, "text/csv", DailyUsageCsv::write);
    }

    /** {@value #REJECTIONS}: a sample of the refused records, one line each (topic, reason), sorted. */
    static MonthFile<List<Rejection>> rejections(BillingStore store, YearMonth month) {
        return new MonthFile<>(store, month, REJECTIONS, "text/plain", rejections -> {
            StringBuilder out = new StringBuilder();
            rejections.stream().map(rejection -> rejection.topic() + "\t" + rejection.reason()).sorted()
                    .forEach(line -> out.append(line).append('\n'));
            return out.toString();
        });
    }
}
