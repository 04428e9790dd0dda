package io.confab.jobs.usage;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.confab.jobs.usage.account.PresenceChange;
import io.confab.jobs.usage.account.PresenceChanges;
import io.confab.jobs.usage.presence.MeetingLedger;
import io.confab.jobs.usage.presence.MeterRules;
import io.confab.jobs.usage.presence.Origin;
import io.confab.jobs.usage.presence.WholeLedgerForm;
import io.confab.jobs.usage.recording.RecordingLedger;
import io.confab.jobs.usage.state.StateWriter;
import io.confab.storage.events.ArtifactKind;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The meter's state in its binary form both ways, and in the JSON that meters before it wrote. */
class StateSerdeTest {

    private static final MeterRules RULES = MeterRules.DEFAULTS;
    private static final long T0 = Instant.parse("2026-12-03T23:50:00Z").toEpochMilli();
    private static final long MINUTE = 60_000;

    /** The ObjectMapper the meter used for its state up to StateSerde version 1: fields, not getters. */
    private static final ObjectMapper OLD_METER_JSON = new ObjectMapper()
            .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
            .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
            .setVisibility(PropertyAccessor.CREATOR, JsonAutoDetect.Visibility.ANY);

    private final Serde<MeetingLedger> ledgers = StateSerde.of(MeetingLedger.class, MeetingLedger.FORMAT);

    @Test
    void meetingLedgerReadsBackAsWrittenWithEveryKindOfFact() {
        MeetingLedger ledger = busyLedger();
        byte[] bytes = ledgers.serializer().serialize("t", ledger);
        assertEquals(StateSerde.VERSION, bytes[0], "the first byte is the format version");
        MeetingLedger read = ledgers.deserializer().deserialize("t", bytes);
        assertArrayEquals(bytes, ledgers.serializer().serialize("t", read), "written again, the ledger read back gives the same bytes");
        assertSameFuture(ledger, read);
    }

    @Test
    void meetingLedgerWrittenAsJsonByAnOlderMeterStillReads() throws Exception {
        MeetingLedger ledger = busyLedger();
        byte[] json = OLD_METER_JSON.writeValueAsBytes(ledger);
        assertEquals('{', json[0]);
        MeetingLedger read = ledgers.deserializer().deserialize("usage-meetings-changelog", json);
        assertArrayEquals(withoutSeenIds(ledgers.serializer().serialize("t", ledger)), withoutSeenIds(ledgers.serializer().serialize("t", read)),
                "the JSON state reads as the same ledger");
        assertTrue(!read.seen().complete(), "an older meter's ledger has its ids in that meter's window store");
        assertSameFuture(ledger, read);
    }

    @Test
    void meetingLedgerKeepsTheIdsOfItsEventsAndReadsAnOlderMetersBytesWithoutThem() {
        MeetingLedger ledger = busyLedger();
        ledger.seen().add("e-1", 1_000);
        ledger.seen().add("e-\u00e9", 2_000);
        byte[] bytes = ledgers.serializer().serialize("t", ledger);
        MeetingLedger read = ledgers.deserializer().deserialize("t", bytes);
        assertTrue(read.seen().complete() && read.seen().contains("e-1", 1_000) && read.seen().contains("e-\u00e9", 2_000));
        assertEquals(2, read.seen().size());
        // What the binary meters before meter36 wrote: version 1, every field as it is, ending before the ids.
        byte[] older = WholeLedgerForm.bytes(busyLedger(), 1, null);
        MeetingLedger olderRead = ledgers.deserializer().deserialize("t", older);
        assertTrue(!olderRead.seen().complete() && olderRead.seen().size() == 0);
        assertSameFuture(busyLedger(), olderRead);
    }

    @Test
    void keepsUuidIdsAsTwoLongsAndReadsTheTextFormOfVersionTwo() {
        MeetingLedger ledger = busyLedger();
        Random random = new Random(37);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String id = new UUID(random.nextLong(), random.nextLong()).toString();
            ids.add(id);
            ledger.seen().add(id, T0 + i * 1_000L);
        }
        ledger.seen().add(ids.get(0), T0 - 5);  // the same id at another time: no duplicate, kept too
        ledger.seen().add(ids.get(1).toUpperCase(java.util.Locale.ROOT), T0 + 1_000);  // another string, so another id
        ledger.seen().add("e-1", T0);
        byte[] bytes = ledgers.serializer().serialize("t", ledger);
        int idBytes = bytes.length - withoutSeenIds(ledgers.serializer().serialize("t", busyLedger())).length;
        assertTrue(idBytes < 203 * 20, "about 19 bytes a UUID with its time, not its 37 of text and 6 of time: " + idBytes);
        // Read, written again and read again (the table read back may hold its pairs in another order).
        MeetingLedger read = ledgers.deserializer().deserialize("t",
                ledgers.serializer().serialize("t", ledgers.deserializer().deserialize("t", bytes)));
        assertEquals(203, read.seen().size());
        for (int i = 0; i < ids.size(); i++) {
            assertTrue(read.seen().contains(ids.get(i), T0 + i * 1_000L), ids.get(i));
            assertTrue(!read.seen().contains(ids.get(i), T0 + i * 1_000L + 1), "another time is no duplicate");
        }
        assertTrue(read.seen().contains(ids.get(0), T0 - 5) && read.seen().contains("e-1", T0)
                && read.seen().contains(ids.get(1).toUpperCase(java.util.Locale.ROOT), T0 + 1_000));
        assertTrue(!read.seen().contains(ids.get(2).toUpperCase(java.util.Locale.ROOT), T0 + 2_000));

        // What meter36 wrote (version 2): every id as text with its time, a second time of an id as "time@id".
        StateWriter older = new StateWriter(64);
        older.writeBoolean(true).writeInt(2).writeString(ids.get(0)).writeLong(T0).writeString("e-1").writeLong(T0 + 7);
        older.writeInt(1).writeString((T0 - 5) + "@" + ids.get(0));
        byte[] version2 = WholeLedgerForm.bytes(busyLedger(), 2, older.toByteArray());
        MeetingLedger fromVersion2 = ledgers.deserializer().deserialize("t", version2);
        assertTrue(fromVersion2.seen().complete() && fromVersion2.seen().contains(ids.get(0), T0)
                && fromVersion2.seen().contains(ids.get(0), T0 - 5) && fromVersion2.seen().contains("e-1", T0 + 7));
        assertEquals(3, fromVersion2.seen().size());
        assertSameFuture(busyLedger(), fromVersion2);
        // "time@id" without its '@': refused, naming the type.
        byte[] broken = version2.clone();
        int at = new String(broken, StandardCharsets.ISO_8859_1).lastIndexOf('@');
        broken[at] = '#';
        SerializationException e = assertThrows(SerializationException.class, () -> ledgers.deserializer().deserialize("t", broken));
        assertTrue(e.getMessage().contains("MeetingLedger"), e.getMessage());
    }

    @Test
    void readsTheWholeFormOfVersionThreeIntoTheSameLedger() {
        MeetingLedger ledger = busyLedger();
        ledger.seen().add(new UUID(3, 7).toString(), T0);
        byte[] version3 = WholeLedgerForm.bytes(ledger, 3, WholeLedgerForm.seenIds(ledger));
        MeetingLedger read = ledgers.deserializer().deserialize("usage-meetings-changelog", version3);
        assertArrayEquals(ledgers.serializer().serialize("t", ledger), ledgers.serializer().serialize("t", read),
                "a version 3 ledger reads as the ledger it was written from");
        assertTrue(read.seen().contains(new UUID(3, 7).toString(), T0));
        assertSameFuture(ledger, read);
    }

    /**
     * Version 4 writes once what the joins say: a bench-like meeting of ten (short ids, a Left each, so
     * a piece, a span and a closed session row per person) takes well under two thirds of the whole form.
     */
    @Test
    void writesNothingTwiceThatTheJoinsSay() {
        MeetingLedger ledger = new MeetingLedger("bench-1a2b3c4d-17");
        Origin origin = new Origin("meeting.events", 0, 1, null, new byte[0]);
        String account = "bench-1a2b3c4d-4";
        for (int p = 0; p < 10; p++) {
            ledger.joined(new MeetingLedger.Join("p" + p, account, "p" + p + "-user", "p" + p + "-user", "p" + p, "PARTICIPANT",
                    null, T0 + p), origin, Long.MIN_VALUE, RULES);
            ledger.seen().add(UUID.randomUUID().toString(), T0 + p);
        }
        for (int p = 0; p < 10; p++) {
            ledger.left("p" + p, T0 + MINUTE + p, "LEFT", origin, Long.MIN_VALUE, RULES);
            ledger.seen().add(UUID.randomUUID().toString(), T0 + MINUTE + p);
        }
        byte[] compact = ledgers.serializer().serialize("t", ledger);
        byte[] whole = WholeLedgerForm.bytes(ledger, 3, WholeLedgerForm.seenIds(ledger));
        assertTrue(compact.length * 3 < whole.length * 2, "version 4 " + compact.length + " bytes against version 3's " + whole.length);
        MeetingLedger read = ledgers.deserializer().deserialize("t", compact);
        assertArrayEquals(ledgers.serializer().serialize("t", ledgers.deserializer().deserialize("t", whole)),
                ledgers.serializer().serialize("t", read), "both forms read as one ledger");
        long later = T0 + 40 * 3_600_000L;
        assertEquals(ledger.tick(later, RULES), read.tick(later, RULES));
    }

    /** A ledger's bytes without its (empty) seen ids: the flag and two empty counts, one byte each. */
    private static byte[] withoutSeenIds(byte[] bytes) {
        return java.util.Arrays.copyOf(bytes, bytes.length - 3);
    }

    /** Text is its UTF-8 after its length, whether it is ASCII or not and wherever the first other char is. */
    @Test
    void writesTextAsUtf8AfterItsLength() {
        String[] texts = {"", "p-1", "Zo\u00eb", "\u00e9abc", "abc\u20ac", "abcdefghijklmnopqrstuvwxyz0123456789\ud83d\ude00", "\u0100"};
        io.confab.jobs.usage.state.StateWriter out = new io.confab.jobs.usage.state.StateWriter(16);
        int expectedSize = 0;
        for (String text : texts) {
            out.writeString(text).writeLong(7);
            // Each length here is under 63, so its zig-zag varint is one byte; so is the 7 after it.
            expectedSize += 1 + text.getBytes(StandardCharsets.UTF_8).length + 1;
        }
        out.writeString(null);
        byte[] bytes = out.toByteArray();
        assertEquals(expectedSize + 1, bytes.length);
        io.confab.jobs.usage.state.StateReader in = new io.confab.jobs.usage.state.StateReader(bytes, 0);
        for (String text : texts) {
            assertEquals(text, in.readString());
            assertEquals(7, in.readLong());
        }
        assertEquals(null, in.readString());
        assertTrue(in.atEnd());
    }

    /** Whole numbers as zig-zag varints, and fixed longs as eight bytes high first, across the writer's growth. */
    @Test
    void writesWholeNumbersAsVarintsAndFixedLongsHighFirst() {
        long[] values = {0, 1, -1, 63, -64, 64, 127, 128, 300, Integer.MAX_VALUE, Integer.MIN_VALUE, 1L << 35, T0, -T0,
                Long.MAX_VALUE, Long.MIN_VALUE, 0x0123456789abcdefL};
        io.confab.jobs.usage.state.StateWriter out = new io.confab.jobs.usage.state.StateWriter(16);
        for (long value : values) {
            out.writeLong(value).writeFixedLong(value);
        }
        byte[] bytes = out.toByteArray();
        io.confab.jobs.usage.state.StateReader in = new io.confab.jobs.usage.state.StateReader(bytes, 0);
        for (long value : values) {
            assertEquals(value, in.readLong());
            assertEquals(value, in.readFixedLong());
        }
        assertTrue(in.atEnd());
        // 0 is one byte, 0; then its fixed form, eight zero bytes; 1 is the varint 2 (zig-zag), then 00..01.
        assertArrayEquals(new byte[]{0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 1}, Arrays.copyOf(bytes, 18));
        byte[] last = Arrays.copyOfRange(bytes, bytes.length - 8, bytes.length);
        assertArrayEquals(new byte[]{0x01, 0x23, 0x45, 0x67, (byte) 0x89, (byte) 0xab, (byte) 0xcd, (byte) 0xef}, last);
    }

    @Test
    void binaryIsSmallerThanTheJsonItReplaces() throws Exception {
        MeetingLedger ledger = busyLedger();
        int binary = ledgers.serializer().serialize("t", ledger).length;
        int json = OLD_METER_JSON.writeValueAsBytes(ledger).length;
        assertTrue(binary * 2 < json, "binary " + binary + " bytes against JSON " + json);
    }

    @Test
    void presenceChangeRoundTripsAndReadsItsOldJson() throws Exception {
        Serde<PresenceChange> serde = StateSerde.of(PresenceChange.class, PresenceChange.FORMAT);
        PresenceChange change = new PresenceChange("acct-ü", "m-1|p-1", -1, -1, T0, T0 + MINUTE);
        assertEquals(change, serde.deserializer().deserialize("t", serde.serializer().serialize("t", change)));
        assertEquals(change, serde.deserializer().deserialize("t", OLD_METER_JSON.writeValueAsBytes(change)));
    }

    @Test
    void anAccountsSpanChangesTravelAsOneBatchAndASingleChangeOfAnOlderMeterIsReadAsABatchOfOne() {
        Serde<PresenceChanges> batches = StateSerde.of(PresenceChanges.class, PresenceChanges.FORMAT);
        PresenceChanges batch = new PresenceChanges("acct-ü", List.of(new PresenceChange("acct-ü", "m-1|p-1", -1, -1, T0, T0 + MINUTE),
                new PresenceChange("acct-ü", "m-1|p-2", T0, T0 + MINUTE, T0, T0 + 2 * MINUTE)));
        assertEquals(batch, batches.deserializer().deserialize("t", batches.serializer().serialize("t", batch)));
        PresenceChanges empty = new PresenceChanges("acct-1", List.of());
        assertEquals(empty, batches.deserializer().deserialize("t", batches.serializer().serialize("t", empty)));
        // What the repartition topic held before batches: one change a record.
        PresenceChange single = new PresenceChange("acct-1", "m-2|p-1", -1, -1, T0, T0 + MINUTE);
        byte[] older = StateSerde.of(PresenceChange.class, PresenceChange.FORMAT).serializer().serialize("t", single);
        assertEquals(new PresenceChanges("acct-1", List.of(single)), batches.deserializer().deserialize("t", older));
    }

    @Test
    void recordingLedgerRoundTripsAndReadsItsOldJson() throws Exception {
        Serde<RecordingLedger> serde = StateSerde.of(RecordingLedger.class, RecordingLedger.FORMAT);
        RecordingLedger ledger = new RecordingLedger();
        ledger.add(Events.artifact("r-1", ArtifactKind.M4A, 1_000, 60_000L, "2026-12-03T10:00:00Z"));
        ledger.add(Events.artifact("r-1", ArtifactKind.MP4, 9_000, 61_000L, "2026-12-03T10:00:05Z"));
        byte[] bytes = serde.serializer().serialize("t", ledger);
        assertArrayEquals(bytes, serde.serializer().serialize("t", serde.deserializer().deserialize("t", bytes)));
        assertArrayEquals(bytes, serde.serializer().serialize("t",
                serde.deserializer().deserialize("t", OLD_METER_JSON.writeValueAsBytes(ledger))));
    }

    @Test
    void refusesAnUnknownVersionNamingTypeAndVersion() {
        byte[] bytes = ledgers.serializer().serialize("t", busyLedger());
        bytes[0] = 7;
        SerializationException e = assertThrows(SerializationException.class,
                () -> ledgers.deserializer().deserialize("usage-meetings-changelog", bytes));
        assertTrue(e.getMessage().contains("MeetingLedger") && e.getMessage().contains("version 7")
                && e.getMessage().contains("usage-meetings-changelog"), e.getMessage());
    }

    @Test
    void refusesTruncatedAndOverlongState() {
        byte[] bytes = ledgers.serializer().serialize("t", busyLedger());
        SerializationException cut = assertThrows(SerializationException.class,
                () -> ledgers.deserializer().deserialize("t", Arrays.copyOf(bytes, bytes.length - 3)));
        assertTrue(cut.getMessage().contains("MeetingLedger"), cut.getMessage());
        SerializationException longer = assertThrows(SerializationException.class,
                () -> ledgers.deserializer().deserialize("t", Arrays.copyOf(bytes, bytes.length + 1)));
        assertTrue(longer.getMessage().contains("left over"), longer.getMessage());
        assertThrows(SerializationException.class, () -> ledgers.deserializer().deserialize("t", new byte[0]));
    }

    /**
     * A ledger holding every kind of fact: a run across midnight, presences closed by Left and by the
     * end, a guest without a user id, a reconnect, a Left still waiting for its Joined (with its origin's
     * bytes), usage pieces, spans and session rows already told.
     */
    private static MeetingLedger busyLedger() {
        MeetingLedger ledger = new MeetingLedger("m-1");
        Origin origin = new Origin("meeting.events", 3, 42, "m-1".getBytes(StandardCharsets.UTF_8), new byte[]{1, 2, 0, -1});
        long now = Long.MIN_VALUE;
        ledger.started(T0, "acct-1", now, RULES);
        ledger.joined(join("p-1", "u-1", "Ann", T0 + MINUTE), origin, now, RULES);
        ledger.joined(join("p-2", null, "Guest ü", T0 + 2 * MINUTE), origin, now, RULES);
        ledger.left("p-1", T0 + 20 * MINUTE, "DISCONNECTED", origin, now, RULES);
        ledger.joined(join("p-1r", "u-1", "Ann", T0 + 21 * MINUTE), origin, now, RULES);
        ledger.left("p-9", T0 + 22 * MINUTE, "LEFT", origin, now, RULES);
        ledger.ended(T0 + 30 * MINUTE, now, RULES);
        ledger.touchedWall(1_234_567);
        return ledger;
    }

    private static MeetingLedger.Join join(String participant, String user, String name, long at) {
        return new MeetingLedger.Join(participant, "acct-1", user != null ? user : "guest:" + name, user, name, "PARTICIPANT",
                user == null ? null : "chrome", at);
    }

    /** Two ledgers are the same if the same next facts give the same outcome. */
    private static void assertSameFuture(MeetingLedger expected, MeetingLedger actual) {
        Origin origin = new Origin("meeting.events", 0, 1, null, new byte[0]);
        assertEquals(expected.nextDeadline(RULES), actual.nextDeadline(RULES));
        assertEquals(expected.joined(join("p-9", "u-9", "Late", T0 + 21 * MINUTE), origin, Long.MIN_VALUE, RULES),
                actual.joined(join("p-9", "u-9", "Late", T0 + 21 * MINUTE), origin, Long.MIN_VALUE, RULES));
        long later = T0 + 40 * 3_600_000L;
        assertEquals(expected.tick(later, RULES), actual.tick(later, RULES));
        assertEquals(expected.expired(later, RULES), actual.expired(later, RULES));
    }
}
