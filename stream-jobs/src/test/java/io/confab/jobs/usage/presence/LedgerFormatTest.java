package io.confab.jobs.usage.presence;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.confab.jobs.usage.StateSerde;
import io.confab.storage.events.UsageMetric;
import java.time.Instant;
import java.util.Locale;
import java.util.UUID;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

/** Version 4 of the ledger's form where the joins do not say what a told fact holds. */
class LedgerFormatTest {

    private static final MeterRules RULES = MeterRules.DEFAULTS;
    private static final long T0 = Instant.parse("2026-12-03T10:00:00Z").toEpochMilli();
    private static final long MINUTE = 60_000;
    private static final Origin ORIGIN = new Origin("meeting.events", 0, 1, null, new byte[0]);

    private final Serde<MeetingLedger> ledgers = StateSerde.of(MeetingLedger.class, MeetingLedger.FORMAT);

    /**
     * Written as it is: a person neither the user id nor "guest:" and the name, a record id that is not
     * a UUID's lower-case text, a run's piece (no participant), a piece, span or session row whose
     * account or start is not its join's (facts this meter would not derive, as an older meter's
     * revision could leave), a session row of a participant without a join, an open row.
     */
    @Test
    void writesAsItIsWhatTheJoinsDoNotSay() {
        MeetingLedger ledger = new MeetingLedger("m-1");
        ledger.started(T0, "acct-1", Long.MIN_VALUE, RULES);
        ledger.joined(new MeetingLedger.Join("p-odd", "acct-2", "someone-else", "u-odd", "Odd", "HOST", null, T0 + 3 * MINUTE),
                ORIGIN, Long.MIN_VALUE, RULES);
        ledger.joined(new MeetingLedger.Join("p-guest", "acct-1", "guest:G\u00fc", null, "G\u00fc", "PARTICIPANT", "firefox", T0 + 4 * MINUTE),
                ORIGIN, Long.MIN_VALUE, RULES);
        tell(ledger, new MeetingLedger.Piece(new UUID(1, 2).toString().toUpperCase(Locale.ROOT), "acct-9", "p-odd",
                UsageMetric.PARTICIPANT_MINUTES, T0, T0 + MINUTE));
        tell(ledger, new MeetingLedger.Piece("not-a-uuid", "acct-1", null, UsageMetric.MEETING_MINUTES, T0, T0 + 2 * MINUTE));
        ledger.toldSpans.put("p-odd", new MeetingLedger.Span("acct-9", T0, T0 - 1));
        tell(ledger, new SessionRow("m-1", T0 + 5, "p-odd", "acct-2", "u-odd", "Odd", "HOST", null, null, null));
        tell(ledger, new SessionRow("m-1", T0 + 6, "p-gone", "acct-3", null, "Gone", "PARTICIPANT", null, T0 + MINUTE, "LEFT"));
        byte[] bytes = ledgers.serializer().serialize("t", ledger);
        MeetingLedger read = ledgers.deserializer().deserialize("t", bytes);
        assertArrayEquals(bytes, ledgers.serializer().serialize("t", read));
        assertEquals(ledger.joins, read.joins);
        assertEquals(new java.util.HashSet<>(ledger.told.values()), new java.util.HashSet<>(read.told.values()));
        assertEquals(ledger.toldSpans, read.toldSpans);
        assertEquals(new java.util.HashSet<>(ledger.toldSessions.values()), new java.util.HashSet<>(read.toldSessions.values()));
    }

    private static void tell(MeetingLedger ledger, MeetingLedger.Piece piece) {
        ledger.told.put(piece.recordId(), piece);
    }

    private static void tell(MeetingLedger ledger, SessionRow row) {
        ledger.toldSessions.put(row.key(), row);
    }

    /** A told fact whose account the bytes say is its join's, in a ledger without that join: refused, not guessed. */
    @Test
    void refusesAFactThatPointsAtAJoinTheLedgerLacks() {
        MeetingLedger ledger = new MeetingLedger("m-2");
        ledger.joined(new MeetingLedger.Join("p-1", "acct-1", "u-1", "u-1", "Ann", "PARTICIPANT", null, T0), ORIGIN, Long.MIN_VALUE, RULES);
        ledger.left("p-1", T0 + MINUTE, "LEFT", ORIGIN, Long.MIN_VALUE, RULES);
        byte[] bytes = ledgers.serializer().serialize("t", ledger);
        // The join's participant id renamed in place (same length), so the span and the row point at nothing.
        String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        int at = text.indexOf("p-1");
        bytes[at + 2] = '9';
        SerializationException refused = assertThrows(SerializationException.class, () -> ledgers.deserializer().deserialize("t", bytes));
        assertTrue(refused.getMessage().contains("MeetingLedger") && refused.getMessage().contains("p-1"), refused.getMessage());
    }
}
