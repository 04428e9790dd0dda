package io.confab.batch.billing.invoice;

import io.confab.batch.billing.price.Plan;
import io.confab.batch.billing.price.PriceBook;
import io.confab.batch.billing.price.Tier;
import io.confab.batch.billing.usage.DailyUsage;
import io.confab.batch.billing.usage.Metric;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One account's month of daily usage priced with the price book. The rules, stated once:
 * <ul>
 * <li>The month is cut into periods by the account's plan assignments. A plan in effect for d of the
 *     month's D days prorates every quantity of the plan by d/D: its monthly fee (then rounded to
 *     cents), its included minutes and each tier's bound (rounded down to whole minutes).</li>
 * <li>Minutes are billed per period: ceil(total milliseconds of the period / 60000), for participant
 *     and transcription minutes alike. Included minutes are used first, then the tiers in order.</li>
 * <li>Storage is billed in GB-months (GB = 10^9 bytes): bytes created on day x of the month are kept
 *     the (D - x + 1) days to its end, so they count (D - x + 1)/D of a GB-month each, priced at the
 *     plan in effect on day x. Deletions are not on any topic yet.</li>
 * <li>Every line's amount is rounded HALF_EVEN to cents; the subtotal is the sum of the lines; tax is
 *     subtotal x tax rate, rounded HALF_EVEN to cents. Lines with nothing to bill are left out.</li>
 * </ul>
 */
public final class Pricing {

    private static final BigDecimal MS_PER_MINUTE = BigDecimal.valueOf(60_000);
    private static final BigDecimal BYTES_PER_GB = BigDecimal.valueOf(1_000_000_000L);
    private static final int CENTS = 2;

    private Pricing() {
    }

    public static Invoice price(String accountId, YearMonth month, List<DailyUsage> days, PriceBook book) {
        int monthDays = month.lengthOfMonth();
        List<InvoiceLine> lines = new ArrayList<>();
        for (PriceBook.Period period : book.periods(accountId, month)) {
            Plan plan = period.plan();
            String when = period.first() + ".." + period.last();
            BigDecimal share = BigDecimal.valueOf(period.days()).divide(BigDecimal.valueOf(monthDays), 12, RoundingMode.HALF_EVEN);
            boolean whole = period.days() == monthDays;

            BigDecimal fee = plan.monthlyFee().multiply(BigDecimal.valueOf(period.days()))
                    .divide(BigDecimal.valueOf(monthDays), CENTS, RoundingMode.HALF_EVEN);
            if (fee.signum() > 0) {
                lines.add(new InvoiceLine(whole ? "Plan " + plan.name() : "Plan " + plan.name() + ", " + period.days() + " of " + monthDays + " days",
                        plan.name(), when, share.stripTrailingZeros(), "months", plan.monthlyFee(), fee));
            }

            long participantMinutes = minutes(sum(days, period, Metric.PARTICIPANT_MINUTES));
            long included = prorated(plan.includedParticipantMinutes(), period.days(), monthDays);
            long covered = Math.min(participantMinutes, included);
            if (covered > 0) {
                lines.add(new InvoiceLine("Participant minutes included", plan.name(), when, BigDecimal.valueOf(covered), "minutes",
                        BigDecimal.ZERO, BigDecimal.ZERO.setScale(CENTS)));
            }
            long billable = participantMinutes - covered;
            long tierStart = 0;
            for (Tier tier : plan.participantMinuteTiers()) {
                if (billable <= tierStart) {
                    break;
                }
                long tierEnd = tier.upTo() == null ? Long.MAX_VALUE : prorated(tier.upTo(), period.days(), monthDays);
                long inTier = Math.min(billable, tierEnd) - tierStart;
                if (inTier > 0) {
                    String range = tier.upTo() == null ? (tierStart == 0 ? "" : " over " + tierStart) : " " + (tierStart + 1) + "-" + tierEnd;
                    lines.add(line("Participant minutes" + range, plan.name(), when, BigDecimal.valueOf(inTier), "minutes", tier.rate()));
                }
                tierStart = Math.max(tierStart, tierEnd);
            }

            long transcription = minutes(sum(days, period, Metric.TRANSCRIPTION_MINUTES));
            if (transcription > 0) {
                lines.add(line("Transcription", plan.name(), when, BigDecimal.valueOf(transcription), "minutes", plan.transcriptionPerMinute()));
            }

            BigDecimal gbMonths = BigDecimal.ZERO;
            for (DailyUsage day : days) {
                if (day.metric() == Metric.STORAGE_BYTES && period.contains(day.day())) {
                    long kept = monthDays - day.day().getDayOfMonth() + 1;
                    gbMonths = gbMonths.add(BigDecimal.valueOf(day.quantity()).multiply(BigDecimal.valueOf(kept)));
                }
            }
            gbMonths = gbMonths.divide(BYTES_PER_GB.multiply(BigDecimal.valueOf(monthDays)), 9, RoundingMode.HALF_EVEN);
            if (gbMonths.signum() > 0) {
                lines.add(line("Recording storage", plan.name(), when, gbMonths.stripTrailingZeros(), "GB-months",
                        plan.recordingStoragePerGbMonth()));
            }
        }
        BigDecimal subtotal = lines.stream().map(InvoiceLine::amount).reduce(BigDecimal.ZERO.setScale(CENTS), BigDecimal::add);
        BigDecimal tax = subtotal.multiply(book.taxRate()).setScale(CENTS, RoundingMode.HALF_EVEN);
        return new Invoice(accountId, month.toString(), book.currency(), lines, subtotal, book.taxRate(), tax, subtotal.add(tax),
                totals(days));
    }

    private static InvoiceLine line(String description, String plan, String when, BigDecimal quantity, String unit, BigDecimal price) {
        return new InvoiceLine(description, plan, when, quantity, unit, price,
                quantity.multiply(price).setScale(CENTS, RoundingMode.HALF_EVEN));
    }

    /** Whole minutes billed for {@code ms}: every started minute counts. */
    public static long minutes(long ms) {
        return BigDecimal.valueOf(ms).divide(MS_PER_MINUTE, 0, RoundingMode.CEILING).longValueExact();
    }

    private static long prorated(long monthly, int days, int monthDays) {
        return Math.multiplyExact(monthly, days) / monthDays;
    }

    private static long sum(List<DailyUsage> days, PriceBook.Period period, Metric metric) {
        long total = 0;
        for (DailyUsage day : days) {
            if (day.metric() == metric && period.contains(day.day())) {
                total += day.quantity();
            }
        }
        return total;
    }

    private static Map<String, Long> totals(List<DailyUsage> days) {
        Map<String, Long> totals = new TreeMap<>();
        for (DailyUsage day : days) {
            if (day.metric().additive()) {
                totals.merge(day.metric().name(), day.quantity(), Long::sum);
            } else {
                totals.merge(day.metric().name(), day.quantity(), Math::max);
            }
        }
        return totals;
    }
}
