package io.confab.batch.billing.pipeline;

import io.confab.batch.billing.invoice.Invoice;
import io.confab.batch.billing.invoice.InvoiceFormats;
import io.confab.batch.billing.invoice.RunSummary;
import io.confab.batch.billing.price.PriceBook;
import io.confab.batch.billing.source.MonthSource;
import io.confab.batch.billing.store.BillingStore;
import io.confab.batch.billing.usage.UsageRules;
import io.confab.batch.runner.Engine;
import com.fasterxml.jackson.core.type.TypeReference;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
        Instant started = Instant.now();
        PipelineResult result = engine.run(pipeline, "billing", progress);
        PipelineResult.State state;
        do {
            state = result.waitUntilFinish(org.joda.time.Duration.standardSeconds(2));
            long read = counter(result.metrics().queryMetrics(MetricsFilter.builder().build()), BillingPipeline.RECORDS_READ);
            progress.accept("billing " + month + ": " + read + (expected >= 0 ? " of " + expected : "") + " records metered, "
                    + Duration.between(started, Instant.now()).toSeconds() + " s");
        } while (state == null || !state.isTerminal());
        if (state != PipelineResult.State.DONE) {
            throw new IllegalStateException("the billing pipeline ended " + state);
        }
        MetricQueryResults metrics = result.metrics().queryMetrics(MetricsFilter.builder().build());
        Map<String, Long> rejected = new TreeMap<>();
        for (MetricResult<Long> counter : metrics.getCounters()) {
            String name = counter.getName().getName();
            if (name.startsWith(BillingPipeline.REJECTED_PREFIX)) {
                rejected.merge(name.substring(BillingPipeline.REJECTED_PREFIX.length()), value(counter), Long::sum);
            }
        }
        List<Invoice> invoices = invoices(store, month);
        List<String> sample = store.get(month, WriteBilling.REJECTIONS).map(text -> List.of(text.split("\n")))
                .orElse(List.of()).stream().filter(line -> !line.isBlank()).limit(20).toList();
        RunSummary summary = new RunSummary(month.toString(), engine.runnerName(), counter(metrics, BillingPipeline.RECORDS_READ),
                counter(metrics, BillingPipeline.DUPLICATES), counter(metrics, BillingPipeline.STILL_OPEN), rejected, sample, invoices.size());
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

    private static long counter(MetricQueryResults metrics, String name) {
        long total = 0;
        for (MetricResult<Long> counter : metrics.getCounters()) {
            if (counter.getName().getName().equals(name)) {
                total += value(counter);
            }
        }
        return total;
    }

    private static long value(MetricResult<Long> counter) {
        try {
            return counter.getCommitted();
        } catch (UnsupportedOperationException e) {
            return counter.getAttempted();
        }
    }
}
