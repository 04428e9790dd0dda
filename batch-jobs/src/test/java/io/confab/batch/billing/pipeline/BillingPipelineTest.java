package io.confab.batch.billing.pipeline;

import io.confab.batch.billing.bench.GeneratedMonth;
import io.confab.batch.billing.invoice.Invoice;
import io.confab.batch.billing.invoice.Pricing;
import io.confab.batch.billing.invoice.RunSummary;
import io.confab.batch.billing.price.PriceBook;
import io.confab.batch.billing.price.PriceBookReader;
import io.confab.batch.billing.price.PriceBookReaderTest;
import io.confab.batch.billing.source.MonthSource;
import io.confab.batch.billing.source.SourceRecord;
import io.confab.batch.billing.source.SourceRecordCoder;
import io.confab.batch.billing.store.DirectoryBillingStore;
import io.confab.batch.billing.usage.DailyUsage;
import io.confab.batch.billing.usage.Metric;
import io.confab.batch.billing.usage.UsageRules;
import io.confab.batch.runner.Engine;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole pipeline on the DirectRunner (its checks on) over a generated month: the daily totals
 * equal what the test computes from the generator's own description of each meeting, by overlap
 * arithmetic rather than the pipeline's rules; duplicates, interim segments and meetings just
 * outside the month change nothing.
 */
class BillingPipelineTest {

    private static final YearMonth NOVEMBER = YearMonth.of(2026, 11);
    private static final PriceBook BOOK = PriceBookReader.parse(PriceBookReaderTest.BOOK, "prices.yaml");

    @TempDir
    java.nio.file.Path dir;

    @Test
    void dailyTotalsOfAGeneratedMonthEqualTheIndependentlyComputedOnes() {
        GeneratedMonth month = new GeneratedMonth(NOVEMBER, 120, 7, 42, 2);
        DirectoryBillingStore store = new DirectoryBillingStore(dir);
        List<String> progress = new ArrayList<>();
        RunSummary summary = BillingRun.run(month, NOVEMBER, BOOK, UsageRules.DEFAULTS, store, Engine.DIRECT,
                progress::add, true);

        Map<String, Long> actual = new TreeMap<>();
        for (DailyUsage day : DailyUsageCsv.read(store.get(NOVEMBER, WriteBilling.DAILY_USAGE).orElseThrow())) {
            actual.put(day.key(), day.quantity());
        }
        Map<String, Long> expected = expected(month);
        assertEquals(expected, actual);
        assertTrue(summary.duplicates() > 0, "the generator duplicates some events: " + summary);
        assertEquals(Map.of(), summary.rejectedByTopic());
        assertTrue(!progress.isEmpty());

        // Every account with usage has an invoice, priced from the same daily totals.
        List<Invoice> invoices = BillingRun.invoices(store, NOVEMBER);
        assertEquals(7, invoices.size());
        assertEquals(7, summary.invoices());
        for (Invoice invoice : invoices) {
            List<DailyUsage> days = DailyUsageCsv.read(store.get(NOVEMBER, WriteBilling.DAILY_USAGE).orElseThrow()).stream()
                    .filter(day -> day.accountId().equals(invoice.accountId())).toList();
            assertEquals(Pricing.price(invoice.accountId(), NOVEMBER, days, BOOK), invoice);
            assertTrue(store.get(NOVEMBER, invoice.accountId() + ".csv").orElseThrow().contains("Total,"));
        }
        assertTrue(store.get(NOVEMBER, BillingRun.REPORT).orElseThrow().contains("<h2>acct-0</h2>"));
    }

    /**
     * Beam's Flink runner on an in-process Flink (the runner's "[local]" master: a MiniCluster of the
     * platform's Flink version) writes the same daily totals and invoices as the DirectRunner.
     * orchestration's BillingTest does the same on the platform's session cluster.
     */
    @Test
    void theFlinkRunnerBillsTheSameAsTheDirectRunner() {
        GeneratedMonth month = new GeneratedMonth(NOVEMBER, 60, 5, 7, 2);
        DirectoryBillingStore direct = new DirectoryBillingStore(dir.resolve("direct"));
        DirectoryBillingStore flink = new DirectoryBillingStore(dir.resolve("flink"));
        BillingRun.run(month, NOVEMBER, BOOK, UsageRules.DEFAULTS, direct, Engine.DIRECT, line -> { }, true);
        List<String> progress = new ArrayList<>();
        RunSummary summary = BillingRun.run(month, NOVEMBER, BOOK, UsageRules.DEFAULTS, flink,
                new Engine(Engine.Runner.FLINK, "[local]"), progress::add);

        assertEquals("flink", summary.runner());
        assertTrue(summary.duplicates() > 0, "the runner's counters reach the summary: " + summary);
        assertEquals(direct.get(NOVEMBER, WriteBilling.DAILY_USAGE), flink.get(NOVEMBER, WriteBilling.DAILY_USAGE));
        assertEquals(5, BillingRun.invoices(flink, NOVEMBER).size());
        assertEquals(BillingRun.invoices(direct, NOVEMBER), BillingRun.invoices(flink, NOVEMBER));
        assertTrue(progress.get(0).contains("Flink"), progress.toString());
    }

    @Test
    void aMonthWithNoDataGivesAnEmptyReport() {
        DirectoryBillingStore store = new DirectoryBillingStore(dir);
        RunSummary summary = BillingRun.run(new Records(List.of()), NOVEMBER, BOOK, UsageRules.DEFAULTS, store,
                Engine.DIRECT, line -> { }, true);
        assertEquals(0, summary.invoices());
        assertEquals(List.of(), BillingRun.invoices(store, NOVEMBER));
        assertEquals("account,day,metric,quantity\n", store.get(NOVEMBER, WriteBilling.DAILY_USAGE).orElseThrow());
        assertTrue(store.get(NOVEMBER, BillingRun.REPORT).orElseThrow().contains("No metered usage this month"));
    }

    @Test
    void badRecordsAreCountedAndReportedWithTheirReason() {
        DirectoryBillingStore store = new DirectoryBillingStore(dir);
        RunSummary summary = BillingRun.run(new Records(List.of(new SourceRecord("meeting.events", new byte[] {9, 9}),
                        new SourceRecord("recording.artifacts", new byte[0]))), NOVEMBER, BOOK, UsageRules.DEFAULTS, store,
                Engine.DIRECT, line -> { }, true);
        assertEquals(Map.of("meeting.events", 1L, "recording.artifacts", 1L), summary.rejectedByTopic());
        assertEquals(2, summary.sampleRejections().size());
        assertTrue(summary.sampleRejections().get(0).contains("NOT_SINGLE_OBJECT_ENCODED"), summary.sampleRejections().toString());
    }

    /** What the generator's meetings should meter, by overlap with each day, not by the pipeline's walk. */
    static Map<String, Long> expected(GeneratedMonth month) {
        Map<String, Long> totals = new TreeMap<>();
        Map<String, List<long[]>> presencesByAccountDay = new TreeMap<>();
        for (int k = 0; k < month.meetings(); k++) {
            GeneratedMonth.Meeting m = month.meeting(k);
            for (GeneratedMonth.Span span : m.spans()) {
                overlap(totals, m.accountId(), Metric.PARTICIPANT_MINUTES, span.join(), span.leave(), presencesByAccountDay);
            }
            overlap(totals, m.accountId(), Metric.MEETING_MINUTES, m.start(), m.end(), null);
            GeneratedMonth.Recording r = m.recording();
            if (r != null) {
                LocalDate day = LocalDate.ofInstant(r.filesAt(), ZoneOffset.UTC);
                add(totals, m.accountId(), day, Metric.RECORDING_MINUTES, r.durationMs());
                add(totals, m.accountId(), day, Metric.STORAGE_BYTES, (r.audioOnly() ? 0 : r.mp4Bytes()) + r.m4aBytes() + r.thumbnailBytes());
                for (GeneratedMonth.Segment s : m.segments()) {
                    LocalDate segmentDay = LocalDate.ofInstant(m.start().plusMillis(s.startOffsetMs()), ZoneOffset.UTC);
                    add(totals, m.accountId(), segmentDay, Metric.TRANSCRIPTION_MINUTES, s.endOffsetMs() - s.startOffsetMs());
                }
            }
        }
        // Peak: the most presences open at any presence's first instant that day (leaves before joins: [join, leave)).
        presencesByAccountDay.forEach((accountDay, spans) -> {
            long peak = 0;
            for (long[] candidate : spans) {
                long open = spans.stream().filter(span -> span[0] <= candidate[0] && candidate[0] < span[1]).count();
                peak = Math.max(peak, open);
            }
            if (totals.keySet().stream().anyMatch(key -> key.startsWith(accountDay + "|"))) {
                totals.put(accountDay + "|" + Metric.PEAK_PARTICIPANTS, peak);
            }
        });
        return totals;
    }

    private static void overlap(Map<String, Long> totals, String account, Metric metric, Instant from, Instant to,
                                Map<String, List<long[]>> presences) {
        for (LocalDate day = NOVEMBER.atDay(1); !day.isAfter(NOVEMBER.atEndOfMonth()); day = day.plusDays(1)) {
            long dayStart = day.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
            long dayEnd = dayStart + 86_400_000L;
            long start = Math.max(dayStart, from.toEpochMilli());
            long end = Math.min(dayEnd, to.toEpochMilli());
            if (end > start) {
                add(totals, account, day, metric, end - start);
                if (presences != null) {
                    presences.computeIfAbsent(account + "|" + day, key -> new ArrayList<>()).add(new long[] {start, end});
                }
            }
        }
    }

    private static void add(Map<String, Long> totals, String account, LocalDate day, Metric metric, long quantity) {
        if (YearMonth.from(day).equals(NOVEMBER)) {
            totals.merge(account + "|" + day + "|" + metric, quantity, Long::sum);
        }
    }

    /** Given records, for the edge cases. */
    record Records(List<SourceRecord> records) implements MonthSource {
        @Override
        public PCollection<SourceRecord> read(Pipeline pipeline) {
            return pipeline.apply(Create.of(records).withCoder(SourceRecordCoder.of()));
        }

        @Override
        public long expectedRecords() {
            return records.size();
        }
    }
}
