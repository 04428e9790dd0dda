package io.confab.batch.billing.price;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

public class PriceBookReaderTest {

    public static final String BOOK = """
            currency: EUR
            tax-rate: 0.20
            default-plan: basic
            plans:
              basic:
                included-participant-minutes: 1000
                participant-minute-tiers:
                  - up-to: 2000
                    rate: 0.01
                  - rate: 0.005
                recording-storage-per-gb-month: 0.10
                transcription-per-minute: 0.02
              pro:
                monthly-fee: 30.00
                included-participant-minutes: 3000
                participant-minute-tiers:
                  - rate: 0.004
                recording-storage-per-gb-month: 0.05
                transcription-per-minute: 0.01
            accounts:
              acct-a:
                - plan: basic
                  from: 2026-01-01
                - plan: pro
                  from: 2026-11-16
            """;

    @Test
    void readsPlansTiersAndAssignments() {
        PriceBook book = PriceBookReader.parse(BOOK, "prices.yaml");
        assertEquals("EUR", book.currency());
        assertEquals(new BigDecimal("0.20"), book.taxRate());
        Plan basic = book.plans().get("basic");
        assertEquals(1000, basic.includedParticipantMinutes());
        assertEquals(List.of(new Tier(2000L, new BigDecimal("0.01")), new Tier(null, new BigDecimal("0.005"))), basic.participantMinuteTiers());
        assertEquals(BigDecimal.ZERO, basic.monthlyFee());
        assertEquals(new BigDecimal("30.00"), book.plans().get("pro").monthlyFee());
    }

    @Test
    void cutsAMonthIntoPlanPeriodsAtAMidMonthChange() {
        PriceBook book = PriceBookReader.parse(BOOK, "prices.yaml");
        List<PriceBook.Period> periods = book.periods("acct-a", YearMonth.of(2026, 11));
        assertEquals(2, periods.size());
        assertEquals("basic", periods.get(0).plan().name());
        assertEquals(LocalDate.of(2026, 11, 1), periods.get(0).first());
        assertEquals(LocalDate.of(2026, 11, 15), periods.get(0).last());
        assertEquals("pro", periods.get(1).plan().name());
        assertEquals(15, periods.get(1).days());
        List<PriceBook.Period> unassigned = book.periods("acct-other", YearMonth.of(2026, 11));
        assertEquals(1, unassigned.size());
        assertEquals("basic", unassigned.get(0).plan().name());
        assertEquals(30, unassigned.get(0).days());
    }

    @Test
    void aBadRateNamesItsLineAndField() {
        String bad = BOOK.replace("rate: 0.005", "rate: cheap");
        InvalidPriceBook error = assertThrows(InvalidPriceBook.class, () -> PriceBookReader.parse(bad, "prices.yaml"));
        assertEquals("prices.yaml line 10: plans.basic.participant-minute-tiers[1].rate: expected a decimal number, got \"cheap\"",
                error.getMessage());
    }

    @Test
    void anUnknownPlanInAnAssignmentNamesItsLine() {
        String bad = BOOK.replace("- plan: pro", "- plan: platinum");
        InvalidPriceBook error = assertThrows(InvalidPriceBook.class, () -> PriceBookReader.parse(bad, "prices.yaml"));
        assertEquals("prices.yaml line 24: accounts.acct-a[1].plan: no plan named \"platinum\"; plans: [basic, pro]", error.getMessage());
    }

    @Test
    void aMisspeltKeyIsAnErrorNotASilentDefault() {
        String bad = BOOK.replace("transcription-per-minute: 0.01", "transcription-per-minut: 0.01");
        InvalidPriceBook error = assertThrows(InvalidPriceBook.class, () -> PriceBookReader.parse(bad, "prices.yaml"));
        assertEquals(true, error.getMessage().startsWith(
                "prices.yaml line 19: plans.pro.transcription-per-minut: unknown key; expected one of"), error.getMessage());
    }

    @Test
    void tiersThatDoNotEndOpenAreRefused() {
        String bad = BOOK.replace("      - rate: 0.004\n", "      - up-to: 5\n        rate: 0.004\n");
        InvalidPriceBook error = assertThrows(InvalidPriceBook.class, () -> PriceBookReader.parse(bad, "prices.yaml"));
        assertEquals("prices.yaml line 17: plans.pro.participant-minute-tiers: the last tier must have no up-to, so that every minute has a price",
                error.getMessage());
    }

    @Test
    void brokenYamlNamesItsLine() {
        InvalidPriceBook error = assertThrows(InvalidPriceBook.class,
                () -> PriceBookReader.parse("currency: EUR\nplans: [\n", "prices.yaml"));
        assertEquals(true, error.getMessage().startsWith("prices.yaml line 3: not valid YAML"), error.getMessage());
    }

    @Test
    void theShippedDefaultPriceBookReads() throws IOException {
        try (InputStream in = PriceBook.class.getResourceAsStream("/io/confab/batch/billing/default-prices.yaml")) {
            PriceBook book = PriceBookReader.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "default-prices.yaml");
            assertEquals("free", book.defaultPlan());
            assertEquals(3, book.plans().size());
        }
    }
}
