package io.confab.batch.billing.pipeline;

import io.confab.batch.billing.invoice.Invoice;
import io.confab.batch.billing.invoice.InvoiceFormats;
import io.confab.batch.billing.store.BillingStore;
import io.confab.batch.billing.usage.DailyUsage;
import io.confab.batch.billing.usage.Rejection;
import org.apache.beam.sdk.transforms.DoFn;

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

    static final class AllInvoices extends DoFn<List<Invoice>, Void> {
        private final BillingStore store;
        private final YearMonth month;

        AllInvoices(BillingStore store, YearMonth month) {
            this.store = store;
            this.month = month;
        }

        @ProcessElement
        public void process(@Element List<Invoice> invoices) {
            List<Invoice> sorted = new ArrayList<>(invoices);
            sorted.sort(Comparator.comparing(Invoice::accountId));
            store.put(month, INVOICES, InvoiceFormats.json(sorted), "application/json");
        }
    }

    /** What {@code billing reconcile} compares with the streaming totals. */
    static final class DailyUsageFile extends DoFn<List<DailyUsage>, Void> {
        private final BillingStore store;
        private final YearMonth month;

        DailyUsageFile(BillingStore store, YearMonth month) {
            this.store = store;
            this.month = month;
        }

        @ProcessElement
        public void process(@Element List<DailyUsage> days) {
            store.put(month, DAILY_USAGE, DailyUsageCsv.write(days), "text/csv");
        }
    }

    static final class RejectionsFile extends DoFn<List<Rejection>, Void> {
        private final BillingStore store;
        private final YearMonth month;

        RejectionsFile(BillingStore store, YearMonth month) {
            this.store = store;
            this.month = month;
        }

        @ProcessElement
        public void process(@Element List<Rejection> rejections) {
            StringBuilder out = new StringBuilder();
            rejections.stream().map(rejection -> rejection.topic() + "\t" + rejection.reason()).sorted()
                    .forEach(line -> out.append(line).append('\n'));
            store.put(month, REJECTIONS, out.toString(), "text/plain");
        }
    }
}
