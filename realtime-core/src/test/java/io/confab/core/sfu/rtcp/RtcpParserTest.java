package io.confab.core.sfu.rtcp;

import static io.confab.core.sfu.rtcp.RtcpSamples.hex;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Compound RTCP (RFC 3550 §6) read from hand-built packets, and every way it is refused. */
class RtcpParserTest {

    private static RtcpCompound accepted(byte[] bytes) {
        RtcpParseResult result = RtcpParser.parse(bytes);
        return assertInstanceOf(RtcpCompound.class, result, () -> "expected a compound, got " + result);
    }

    private static RtcpParseError.Reason refusal(byte[] bytes) {
        RtcpParseResult result = RtcpParser.parse(bytes);
        return assertInstanceOf(RtcpParseError.class, result, () -> "expected a refusal, got " + result).reason();
    }

    @Test
    void readsEachKindIntoItsRecord() {
        for (int i = 0; i < RtcpSamples.ALL.size(); i++) {
            RtcpCompound compound = accepted(RtcpSamples.ALL.get(i));
            assertEquals(List.of(RtcpSamples.ALL_RECORDS.get(i)), compound.packets());
            assertEquals(0, compound.skipped());
        }
    }

    @Test
    void readsACompoundInOrder() {
        RtcpCompound compound = accepted(RtcpSamples.concat(RtcpSamples.ALL));
        assertEquals(RtcpSamples.ALL_RECORDS, compound.packets());
    }

    @Test
    void expandsNackBitmasksIntoSequenceNumbersAcrossTheWrap() {
        // PID 65535 with BLP bits 0 and 15: 65535, 0 and 15.
        GenericNack nack = (GenericNack) accepted(hex("81 cd 0003 11223344 55667788 ffff 8001")).packets().get(0);
        assertEquals(List.of(65535, 0, 15), nack.sequenceNumbers());
    }

    @Test
    void readsRunLengthAndOneBitVectorChunksOfTransportFeedback() {
        // Base 0xfffe, 16 statuses: run of 2 "small delta" (0x2002), then a 1-bit vector (0xa001)
        // whose first and last of 14 symbols are received; reference time -2 (-128 ms).
        byte[] bytes = hex("8f cd 0006 11223344 55667788 fffe 0010 fffffe 00 2002 a001 01020304");
        TransportFeedback feedback = (TransportFeedback) accepted(bytes).packets().get(0);
        assertEquals(-2, feedback.referenceTime());
        assertEquals(-128_000, feedback.referenceTimeMicros());
        assertEquals(16, feedback.packets().size());
        assertEquals(TransportFeedback.PacketStatus.received(0xFFFE, 250), feedback.packets().get(0));
        assertEquals(TransportFeedback.PacketStatus.received(0xFFFF, 500), feedback.packets().get(1));
        assertEquals(TransportFeedback.PacketStatus.received(0, 750), feedback.packets().get(2));
        assertEquals(TransportFeedback.PacketStatus.lost(1), feedback.packets().get(3));
        assertEquals(TransportFeedback.PacketStatus.lost(12), feedback.packets().get(14));
        assertEquals(TransportFeedback.PacketStatus.received(13, 1000), feedback.packets().get(15));
    }

    @Test
    void aLongRunOfLostPacketsNeedsNoDeltas() {
        byte[] bytes = hex("8f cd 0005 11223344 55667788 0001 0014 000000 00 0014 0000");
        TransportFeedback feedback = (TransportFeedback) accepted(bytes).packets().get(0);
        assertEquals(20, feedback.packets().size());
        assertEquals(0, feedback.packets().stream().filter(TransportFeedback.PacketStatus::received).count());
    }

    @Test
    void readsOnlyCnameOfSeveralItemsAndChunks() {
        // Chunk 1: NAME "ab" then CNAME "c"; chunk 2: no items, just the null item and padding.
        byte[] bytes = hex("82 ca 0005 11223344 02 02 6162 01 01 63 00 55667788 00000000");
        SourceDescription sdes = (SourceDescription) accepted(bytes).packets().get(0);
        assertEquals(Optional.of("c"), RtcpSamples.cname(sdes, 0));
        assertEquals(Optional.empty(), RtcpSamples.cname(sdes, 1));
        assertEquals(RtcpSamples.MEDIA, sdes.chunks().get(1).ssrc());
    }

    @Test
    void byeWithoutReasonHasAnEmptyOne() {
        Goodbye bye = (Goodbye) accepted(hex("82 cb 0002 11223344 55667788")).packets().get(0);
        assertEquals(List.of(RtcpSamples.SENDER, RtcpSamples.MEDIA), bye.ssrcs());
        assertEquals("", bye.reason());
    }

    @Test
    void skipsKindsItDoesNotRead() {
        byte[] app = hex("80 cc 0002 11223344 41424344");
        byte[] extendedReport = hex("80 cf 0001 11223344");
        byte[] sliceLoss = hex("82 ce 0002 11223344 55667788");
        byte[] otherApplicationLayer = hex("8f ce 0003 11223344 00000000 41424344");
        byte[] tmmbr = hex("83 cd 0002 11223344 55667788");
        RtcpCompound compound = accepted(RtcpSamples.concat(List.of(RtcpSamples.RR, app, extendedReport, sliceLoss,
                otherApplicationLayer, tmmbr, RtcpSamples.PLI)));
        assertEquals(List.of(RtcpSamples.RR_RECORD, RtcpSamples.PLI_RECORD), compound.packets());
        assertEquals(5, compound.skipped());
    }

    @Test
    void paddingAtTheEndOfAPacketIsRemoved() {
        // RR with P=1 and 4 bytes of padding counted by its last byte.
        RtcpCompound compound = accepted(hex("a0 c9 0002 11223344 00000004"));
        assertEquals(List.of(RtcpSamples.RR_RECORD), compound.packets());
    }

    @Test
    void remembersASaturatedRembInsteadOfWrapping() {
        // Exponent 63, mantissa 0x3ffff.
        Remb remb = (Remb) accepted(hex("8f ce 0004 11223344 00000000 52454d42 00 ffffff")).packets().get(0);
        assertEquals(Long.MAX_VALUE, remb.bitrateBps());
    }

    @Test
    void refusesBadFraming() {
        assertEquals(RtcpParseError.Reason.TOO_SHORT, refusal(new byte[0]));
        assertEquals(RtcpParseError.Reason.TOO_SHORT, refusal(null));
        assertEquals(RtcpParseError.Reason.TOO_SHORT, refusal(hex("80c9")));
        assertEquals(RtcpParseError.Reason.TOO_SHORT, refusal(RtcpSamples.concat(List.of(RtcpSamples.RR, hex("80c9")))));
        assertEquals(RtcpParseError.Reason.BAD_VERSION, refusal(hex("40 c9 0001 11223344")));
        assertEquals(RtcpParseError.Reason.BAD_LENGTH, refusal(hex("80 c9 0002 11223344")));
        assertEquals(RtcpParseError.Reason.BAD_PADDING, refusal(hex("a0 c9 0001 11223300")));
        assertEquals(RtcpParseError.Reason.BAD_PADDING, refusal(hex("a0 c9 0001 11223305")));
        // RC=1 with no room for the block, and an RR without even its SSRC.
        assertEquals(RtcpParseError.Reason.BAD_LENGTH, refusal(hex("81 c9 0001 11223344")));
        assertEquals(RtcpParseError.Reason.BAD_LENGTH, refusal(hex("80 c9 0000")));
        assertEquals(RtcpParseError.Reason.BAD_LENGTH, refusal(hex("80 c8 0001 11223344")));
    }

    @Test
    void refusesContentsThatContradictThemselves() {
        // SDES item longer than the chunk, and a chunk with no null item.
        assertEquals(RtcpParseError.Reason.MALFORMED_PACKET, refusal(hex("81 ca 0002 11223344 01 09 6162")));
        assertEquals(RtcpParseError.Reason.MALFORMED_PACKET, refusal(hex("81 ca 0002 11223344 01 02 6162")));
        assertEquals(RtcpParseError.Reason.MALFORMED_PACKET, refusal(hex("81 cb 0002 11223344 09 616263")));
        assertEquals(RtcpParseError.Reason.MALFORMED_PACKET, refusal(hex("81 cd 0002 11223344 55667788")));
        assertEquals(RtcpParseError.Reason.MALFORMED_PACKET, refusal(hex("84 ce 0002 11223344 00000000")));
        assertEquals(RtcpParseError.Reason.MALFORMED_PACKET, refusal(hex("81 ce 0001 11223344")));
        // REMB claiming two SSRCs with one present.
        assertEquals(RtcpParseError.Reason.MALFORMED_PACKET,
                refusal(hex("8f ce 0005 11223344 00000000 52454d42 02 0bd090 55667788")));
        // transport-cc: zero statuses; reserved symbol 3 in a run and in a vector; deltas missing.
        assertEquals(RtcpParseError.Reason.MALFORMED_PACKET,
                refusal(hex("8f cd 0004 11223344 55667788 0001 0000 000000 00 0000 0000")));
        assertEquals(RtcpParseError.Reason.MALFORMED_PACKET,
                refusal(hex("8f cd 0004 11223344 55667788 0001 0001 000000 00 6001 0000")));
        assertEquals(RtcpParseError.Reason.MALFORMED_PACKET,
                refusal(hex("8f cd 0004 11223344 55667788 0001 0001 000000 00 f000 0000")));
        assertEquals(RtcpParseError.Reason.MALFORMED_PACKET,
                refusal(hex("8f cd 0004 11223344 55667788 0001 0003 000000 00 2003 0102")));
        // Chunks that stop before the status count is covered.
        assertEquals(RtcpParseError.Reason.MALFORMED_PACKET,
                refusal(hex("8f cd 0004 11223344 55667788 0001 0009 000000 00 0008 0000")));
    }

    @Test
    void marksRefusalsInsideTransportFeedbackSoTheyAreCountedApart() {
        for (String bad : List.of("8f cd 0004 11223344 55667788 0001 0000 000000 00 0000 0000",
                "8f cd 0004 11223344 55667788 0001 0001 000000 00 6001 0000",
                "8f cd 0004 11223344 55667788 0001 0003 000000 00 2003 0102")) {
            RtcpParseError error = assertInstanceOf(RtcpParseError.class, RtcpParser.parse(hex(bad)));
            assertTrue(error.inTransportFeedback(), bad + " is a malformed transport-cc feedback: " + error);
        }
        RtcpParseError remb = assertInstanceOf(RtcpParseError.class,
                RtcpParser.parse(hex("8f ce 0005 11223344 00000000 52454d42 02 0bd090 55667788")));
        assertFalse(remb.inTransportFeedback(), "a bad REMB is not a transport-cc fault");
    }

    @Test
    void everyTruncationOfACompoundIsRefusedOrEndsOnAPacketBoundary() {
        byte[] compound = RtcpSamples.concat(RtcpSamples.ALL);
        List<Integer> boundaries = new ArrayList<>();
        int at = 0;
        for (byte[] packet : RtcpSamples.ALL) {
            at += packet.length;
            boundaries.add(at);
        }
        for (int length = 0; length < compound.length; length++) {
            RtcpParseResult result = RtcpParser.parse(Arrays.copyOf(compound, length), 0, length);
            int packets = boundaries.indexOf(length) + 1;
            if (packets > 0) {
                assertEquals(packets, assertInstanceOf(RtcpCompound.class, result).packets().size());
            } else {
                assertInstanceOf(RtcpParseError.class, result, "prefix of " + length + " bytes");
            }
        }
    }

    @Test
    void everyLengthFieldValueIsAcceptedOnlyWhenThePacketsTileTheCompound() {
        // The length field is what a parser trusts most; try every value in every sample.
        int accepted = 0;
        int refused = 0;
        for (byte[] sample : RtcpSamples.ALL) {
            for (int words = 0; words < 0x40; words++) {
                byte[] bytes = sample.clone();
                bytes[2] = 0;
                bytes[3] = (byte) words;
                if (checkAgainstFraming(bytes)) accepted++; else refused++;
                bytes[0] = (byte) (bytes[0] | 0x20);
                if (checkAgainstFraming(bytes)) accepted++; else refused++;
            }
        }
        assertTrue(accepted > 0 && refused > 0, accepted + " accepted, " + refused + " refused");
    }

    @Test
    void mutatedSamplesAreAcceptedOnlyWhenTheirFramingHolds() {
        Random random = new Random(5761);
        int accepted = 0;
        int refused = 0;
        for (int i = 0; i < 2000; i++) {
            byte[] bytes = RtcpSamples.ALL.get(i % RtcpSamples.ALL.size()).clone();
            bytes[4 + random.nextInt(bytes.length - 4)] = (byte) random.nextInt();
            bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
            if (checkAgainstFraming(bytes)) accepted++; else refused++;
        }
        assertTrue(accepted > 100 && refused > 100, "both outcomes exercised: " + accepted + " accepted, " + refused + " refused");
    }

    /**
     * Parses and checks the outcome against an independent walk of the headers: an accepted
     * compound has version 2 everywhere and packets that tile it exactly (RFC 3550 §6.1), one
     * record per packet read or counted as skipped; a refusal names its reason and says what.
     * Returns whether the parser accepted.
     */
    private static boolean checkAgainstFraming(byte[] bytes) {
        RtcpParseResult result = RtcpParser.parse(bytes, 0, bytes.length);
        int packets = 0;
        boolean framed = true;
        int at = 0;
        while (at < bytes.length) {
            if (bytes.length - at < 4 || ((bytes[at] & 0xFF) >>> 6) != 2) {
                framed = false;
                break;
            }
            at += 4 * ((((bytes[at + 2] & 0xFF) << 8) | (bytes[at + 3] & 0xFF)) + 1);
            packets++;
        }
        framed &= at == bytes.length;
        if (result instanceof RtcpCompound compound) {
            assertTrue(framed, "accepted a compound whose headers do not tile it: " + java.util.HexFormat.of().formatHex(bytes));
            assertEquals(packets, compound.packets().size() + compound.skipped(), "packets read or skipped");
            assertWrittenBackTheSame(compound.packets(), bytes);
            return true;
        }
        RtcpParseError error = assertInstanceOf(RtcpParseError.class, result);
        assertTrue(error.reason() != null && !error.detail().isBlank(), "a refusal names its reason and says why");
        return false;
    }

    /**
     * What was read is what the bytes said: the records, written again by {@link RtcpWriter} and
     * read back, are the same records (a field read from the wrong offset, or a count that lost
     * entries, would come back different).
     */
    private static void assertWrittenBackTheSame(List<RtcpPacket> records, byte[] from) {
        if (records.isEmpty()) {
            return;
        }
        byte[] written = new byte[RtcpWriter.compoundLength(records)];
        RtcpWriter.writeCompound(records, written, 0);
        RtcpParseResult again = RtcpParser.parse(written, 0, written.length);
        assertEquals(meaning(records), meaning(assertInstanceOf(RtcpCompound.class, again, () -> "the writer's copy of "
                + java.util.HexFormat.of().formatHex(from) + " was refused: " + again).packets()),
                () -> "read from " + java.util.HexFormat.of().formatHex(from));
    }

    /**
     * What a record means, where two encodings of it may differ: a NACK asks for a set of packets (the
     * order and repeats of its FCI entries carry nothing, and the writer compacts them); a REMB past
     * what fits in a long saturates, in the parser at Long.MAX_VALUE and in the writer at the
     * largest bitrate its 18-bit mantissa can say.
     */
    private static List<Object> meaning(List<RtcpPacket> records) {
        long largestRemb = 0x3FFFFL << 45;
        return records.stream().map(r -> {
            if (r instanceof GenericNack nack) {
                return (Object) List.of(nack.senderSsrc(), nack.mediaSsrc(), new java.util.TreeSet<>(nack.sequenceNumbers()));
            }
            if (r instanceof Remb remb) {
                return List.of(remb.senderSsrc(), Math.min(remb.bitrateBps(), largestRemb), remb.ssrcs());
            }
            return r;
        }).toList();
    }
}
