package io.confab.batch.billing.invoice;

import io.confab.batch.billing.price.PriceBook;
import io.confab.batch.billing.price.PriceBookReader;
import io.confab.batch.billing.price.PriceBookReaderTest;
import io.confab.batch.billing.usage.DailyUsage;
import io.confab.batch.billing.usage.Metric;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Expected lines computed by hand from the rules in {@link Pricing}'s comment. */
class PricingTest {

    private static final PriceBook BOOK = PriceBookReader.parse(PriceBookReaderTest.BOOK, "prices.yaml");
    private static final YearMonth NOVEMBER = YearMonth.of(2026, 11);

    private static DailyUsage day(int dayOfMonth, Metric metric, long quantity) {
        return new DailyUsage("acct-a", LocalDate.of(2026, 11, dayOfMonth), metric, quantity);
    }

    private static InvoiceLine line(String description, String plan, String period, String quantity, String unit, String price, String amount) {
        return new InvoiceLine(description, plan, period, new BigDecimal(quantity), unit, new BigDecimal(price), new BigDecimal(amount));
    }

    @Test
    void aMidMonthPlanChangeProratesIncludedMinutesTiersAndFee() {
        Invoice invoice = Pricing.price("acct-a", NOVEMBER, List.of(
                // basic, Nov 1-15 (15 of 30 days): 500 included minutes, first tier up to 1000.
                day(3, Metric.PARTICIPANT_MINUTES, 90_000_001L),      // 1500.00002 min -> 1501 billed
                day(5, Metric.TRANSCRIPTION_MINUTES, 125_000L),        // 2.08 min -> 3
                day(11, Metric.STORAGE_BYTES, 3_000_000_000L),         // 3 GB kept 20 of 30 days -> 2 GB-months
                day(12, Metric.RECORDING_MINUTES, 999_999L),           // not priced
                // pro, Nov 16-30: fee 30.00 x 15/30, 1500 included minutes.
                day(20, Metric.PARTICIPANT_MINUTES, 3_600_000L)), BOOK);  // 60 min, all included
        String basic = "2026-11-01..2026-11-15";
        String pro = "2026-11-16..2026-11-30";
        assertEquals(List.of(
                line("Participant minutes included", "basic", basic, "500", "minutes", "0", "0.00"),
                line("Participant minutes 1-1000", "basic", basic, "1000", "minutes", "0.01", "10.00"),
                // 1 x 0.005 = 0.005, HALF_EVEN to cents: 0.00.
                line("Participant minutes over 1000", "basic", basic, "1", "minutes", "0.005", "0.00"),
                line("Transcription", "basic", basic, "3", "minutes", "0.02", "0.06"),
                line("Recording storage", "basic", basic, "2", "GB-months", "0.10", "0.20"),
                line("Plan pro, 15 of 30 days", "pro", pro, "0.5", "months", "30.00", "15.00"),
                line("Participant minutes included", "pro", pro, "60", "minutes", "0", "0.00")), invoice.lines());
        assertEquals(new BigDecimal("25.26"), invoice.subtotal());
        assertEquals(new BigDecimal("5.05"), invoice.tax());       // 5.052
        assertEquals(new BigDecimal("30.31"), invoice.total());
        assertEquals(999_999L, invoice.usage().get("RECORDING_MINUTES"));
    }

    @Test
    void minutesAreEveryStartedMinute() {
        assertEquals(0, Pricing.minutes(0));
        assertEquals(1, Pricing.minutes(1));
        assertEquals(1, Pricing.minutes(60_000));
        assertEquals(2, Pricing.minutes(60_001));
    }

    @Test
    void aMonthWithoutUsageOnTheFreePlanCostsNothing() {
        Invoice invoice = Pricing.price("acct-z", NOVEMBER, List.of(), BOOK);
        assertEquals(List.of(), invoice.lines());
        assertEquals(new BigDecimal("0.00"), invoice.total());
    }
}
