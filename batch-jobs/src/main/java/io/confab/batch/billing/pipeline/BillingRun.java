package io.confab.batch.billing.pipeline;

import io.confab.batch.billing.invoice.Invoice;
import io.confab.batch.billing.invoice.InvoiceFormats;
import io.confab.batch.billing.invoice.RunSummary;
import io.confab.batch.billing.price.PriceBook;
import io.confab.batch.billing.source.MonthSource;
import io.confab.batch.billing.store.BillingStore;
import io.confab.batch.billing.usage.UsageRules;
import io.confab.batch.runner.Engine;
import io.confab.batch.runner.RunCounters;
import com.fasterxml.jackson.core.type.TypeReference;
import org.apache.beam.sdk.Pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One billing run: clears the month's files, runs {@link BillingPipeline} on the chosen runner while
 * reporting progress, then writes {@code summary.json} (the run's counters) and {@code report.html}.
 */
public final class BillingRun {

    public static final String SUMMARY = "summary.json";
    public static final String REPORT = "report.html";

    private BillingRun() {
    }

    public static RunSummary run(MonthSource source, YearMonth month, PriceBook book, UsageRules rules, BillingStore store,
                                 Engine engine, Consumer<String> progress) {
        return run(source, month, book, rules, store, engine, progress, false);
    }

    /** {@code checked}: the DirectRunner's immutability and encodability checks on, as the tests run it. */
    static RunSummary run(MonthSource source, YearMonth month, PriceBook book, UsageRules rules, BillingStore store,
                          Engine engine, Consumer<String> progress, boolean checked) {
        store.clear(month);
        Pipeline pipeline = Pipeline.create(engine.options("confab-billing", checked));
        BillingPipeline.build(pipeline, source, month, book, rules, Instant.now(), store);
        long expected = source.expectedRecords();
        RunCounters counters = engine.runToEnd(pipeline, "billing", "the billing pipeline", progress, running ->
                "billing " + month + ": " + running.total(BillingPipeline.RECORDS_READ) + (expected >= 0 ? " of " + expected : "")
                        + " records metered");
        Map<String, Long> rejected = counters.byPrefix(BillingPipeline.REJECTED_PREFIX);
        List<Invoice> invoices = invoices(store, month);
        List<String> sample = store.get(month, WriteBilling.REJECTIONS).map(text -> List.of(text.split("\n")))
                .orElse(List.of()).stream().filter(line -> !line.isBlank()).limit(20).toList();
        RunSummary summary = new RunSummary(month.toString(), engine.runnerName(), counters.total(BillingPipeline.RECORDS_READ),
                counters.total(BillingPipeline.DUPLICATES), counters.total(BillingPipeline.STILL_OPEN), rejected, sample, invoices.size());
        store.put(month, SUMMARY, InvoiceFormats.json(summary), "application/json");
        store.put(month, REPORT, InvoiceFormats.html(month.toString(), invoices, summary), "text/html");
        return summary;
    }

    /** The month's invoices as the last run wrote them; empty when the month has not been run. */
    public static List<Invoice> invoices(BillingStore store, YearMonth month) {
        return store.get(month, WriteBilling.INVOICES).map(json -> {
            try {
                return InvoiceFormats.JSON.readValue(json, new TypeReference<List<Invoice>>() { });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).orElse(List.of());
    }
}
