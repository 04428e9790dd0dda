package io.confab.batch.billing.pipeline;

import io.confab.batch.billing.invoice.Invoice;
import io.confab.batch.billing.invoice.InvoiceLine;
import io.confab.batch.billing.usage.ArtifactFact;
import io.confab.batch.billing.usage.DailyUsage;
import io.confab.batch.billing.usage.MeetingFact;
import io.confab.batch.billing.usage.Metric;
import io.confab.batch.billing.usage.Rejection;
import io.confab.batch.billing.usage.SegmentFact;
import io.confab.batch.billing.usage.UsageFact;
import org.apache.beam.sdk.coders.CoderException;
import org.apache.beam.sdk.util.CoderUtils;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every value the billing graph moves decodes equal to itself, in both of Beam's contexts, and equal values encode alike. */
class BillingCodersTest {

    private static final Instant AT = Instant.parse("2026-11-30T23:59:59.123456789Z");

    @Test
    void factsOfEveryKindRoundTripWithTheirNullFieldsAndNanoseconds() throws Exception {
        List<UsageFact> facts = List.of(
                new MeetingFact("e-1", "acct-1", "m-1", AT, MeetingFact.Kind.JOINED, "p-1", "guest:Émile"),
                new MeetingFact("e-2", "acct-1", "m-1", AT, MeetingFact.Kind.ENDED, null, null),
                new ArtifactFact("acct-1", "m-1", "r-1", "MP4", "recordings/acct-1/m-1/r-1/recording.mp4", 5_000_000_000L, 61_000L, AT),
                new ArtifactFact("acct-1", "m-1", "r-1", "THUMBNAIL", "recordings/acct-1/m-1/r-1/thumb.jpg", 0, null, AT),
                new SegmentFact("s-1", "acct-2", "m-2", AT, 2_500));
        for (UsageFact fact : facts) {
            roundTrips(UsageFactCoder.of(), fact);
        }
    }

    @Test
    void aByteThatNamesNoFactIsACoderError() {
        CoderException error = assertThrows(CoderException.class, () -> CoderUtils.decodeFromByteArray(UsageFactCoder.of(), new byte[] {9}));
        assertTrue(error.getMessage().contains("kind byte 9"), error.getMessage());
    }

    @Test
    void dailyTotalsAndRejectionsRoundTrip() throws Exception {
        for (Metric metric : Metric.values()) {
            roundTrips(DailyUsageCoder.of(), new DailyUsage("acct-1", LocalDate.of(2026, 11, 1), metric, 86_400_000L));
        }
        roundTrips(DailyUsageCoder.of(), new DailyUsage("acct-1", LocalDate.of(1969, 12, 31), Metric.STORAGE_BYTES, 0));
        roundTrips(RejectionCoder.of(), new Rejection("meeting.events", "a Left without its Joined"));
    }

    @Test
    void anInvoiceKeepsEveryDecimalsScale() throws Exception {
        Invoice invoice = new Invoice("acct-7f3a", "2026-11", "EUR", List.of(
                new InvoiceLine("Plan pro, 15 of 30 days", "pro", "2026-11-16..2026-11-30", new BigDecimal("0.5"), "months",
                        new BigDecimal("15.00"), new BigDecimal("7.50")),
                new InvoiceLine("Participant minutes included", "pro", "2026-11-16..2026-11-30", new BigDecimal("5000"), "minutes",
                        BigDecimal.ZERO, new BigDecimal("0.00"))),
                new BigDecimal("7.50"), new BigDecimal("0.20"), new BigDecimal("1.50"), new BigDecimal("9.00"),
                Map.of("PARTICIPANT_MINUTES", 300_000_000L, "PEAK_PARTICIPANTS", 12L));
        roundTrips(InvoiceCoder.of(), invoice);
        Invoice decoded = copy(InvoiceCoder.of(), invoice);
        assertEquals("7.50", decoded.lines().get(0).amount().toPlainString());
        assertArrayEquals(CoderUtils.encodeToByteArray(InvoiceCoder.of(), invoice), CoderUtils.encodeToByteArray(InvoiceCoder.of(), decoded));
    }

    /**
     * Decodes equal, also as the first of two values in one stream (a value must read exactly its own
     * bytes: the runner writes them back to back), and its copy encodes to the same bytes.
     */
    private static <T> void roundTrips(org.apache.beam.sdk.coders.Coder<T> coder, T value) throws Exception {
        T copy = copy(coder, value);
        assertEquals(value, copy);
        assertArrayEquals(CoderUtils.encodeToByteArray(coder, value), CoderUtils.encodeToByteArray(coder, copy));
        java.io.ByteArrayOutputStream twice = new java.io.ByteArrayOutputStream();
        coder.encode(value, twice);
        coder.encode(value, twice);
        java.io.InputStream in = new java.io.ByteArrayInputStream(twice.toByteArray());
        assertEquals(value, coder.decode(in));
        assertEquals(value, coder.decode(in));
        assertEquals(-1, in.read(), "bytes left over after two " + value.getClass().getSimpleName() + "s");
    }

    private static <T> T copy(org.apache.beam.sdk.coders.Coder<T> coder, T value) throws CoderException {
        return CoderUtils.decodeFromByteArray(coder, CoderUtils.encodeToByteArray(coder, value));
    }
}
