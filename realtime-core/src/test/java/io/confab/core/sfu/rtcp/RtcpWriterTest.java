package io.confab.core.sfu.rtcp;

import static io.confab.core.sfu.rtcp.RtcpSamples.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every writer produces the hand-built bytes and reads back as the record it was given. */
class RtcpWriterTest {

    private static byte[] written(RtcpPacket packet) {
        byte[] target = new byte[RtcpWriter.length(packet) + 8];
        int length = RtcpWriter.write(packet, target, 3);
        assertEquals(RtcpWriter.length(packet), length);
        return Arrays.copyOfRange(target, 3, 3 + length);
    }

    private static RtcpPacket readBack(byte[] bytes) {
        RtcpCompound compound = assertInstanceOf(RtcpCompound.class, RtcpParser.parse(bytes));
        assertEquals(1, compound.packets().size());
        return compound.packets().get(0);
    }

    @Test
    void writesEachSampleByteForByte() {
        for (int i = 0; i < RtcpSamples.ALL.size(); i++) {
            RtcpPacket record = RtcpSamples.ALL_RECORDS.get(i);
            assertArrayEquals(RtcpSamples.ALL.get(i), written(record), () -> "bytes of " + record);
        }
    }

    @Test
    void compactsNackSequenceNumbersIntoPidAndBitmask() {
        int[] missing = {100, 101, 103, 117, 200};
        byte[] target = new byte[64];
        int length = RtcpWriter.writeNack(target, 0, RtcpSamples.SENDER, RtcpSamples.MEDIA, missing, missing.length);
        assertEquals(RtcpWriter.nackLength(missing, missing.length), length);
        assertArrayEquals(RtcpSamples.NACK, Arrays.copyOf(target, length));
    }

    @Test
    void nackCompactionSpansTheWrapAndNamesEveryNumberInAnyOrder() {
        int[] acrossWrap = {65534, 65535, 0, 14};
        byte[] target = new byte[64];
        int length = RtcpWriter.writeNack(target, 0, 1, 2, acrossWrap, acrossWrap.length);
        // One pair: PID 65534, BLP bits 0 (65535), 1 (0) and 15 (14).
        assertArrayEquals(hex("81 cd 0003 00000001 00000002 fffe 8003"), Arrays.copyOf(target, length));
        int[] unordered = {300, 5, 6, 299, 5};
        length = RtcpWriter.writeNack(target, 0, 1, 2, unordered, unordered.length);
        GenericNack nack = (GenericNack) readBack(Arrays.copyOf(target, length));
        // Out of order costs pairs (and may repeat a number) but loses none.
        assertEquals(List.of(300, 5, 6, 299, 5), nack.sequenceNumbers());
    }

    @Test
    void writesPliAndFirFromPrimitives() {
        byte[] target = new byte[32];
        int length = RtcpWriter.writePli(target, 0, RtcpSamples.SENDER, RtcpSamples.MEDIA);
        assertArrayEquals(RtcpSamples.PLI, Arrays.copyOf(target, length));
        length = RtcpWriter.writeFir(target, 0, RtcpSamples.SENDER, RtcpSamples.MEDIA, 7);
        assertArrayEquals(RtcpSamples.FIR, Arrays.copyOf(target, length));
    }

    @Test
    void writesSdesCnamePaddedWithAtLeastOneNull() {
        byte[] target = new byte[32];
        int length = RtcpWriter.writeSdesCname(target, 0, RtcpSamples.SENDER, "host@x");
        assertArrayEquals(RtcpSamples.SDES, Arrays.copyOf(target, length));
        // "ab": 4 + 2 + 2 = 8 bytes leaves no room for the null item, so a whole word is added.
        length = RtcpWriter.writeSdesCname(target, 0, 1, "ab");
        assertArrayEquals(hex("81 ca 0003 00000001 01 02 6162 00000000"), Arrays.copyOf(target, length));
        assertEquals(Optional.of("ab"), ((SourceDescription) readBack(Arrays.copyOf(target, length))).chunks().get(0).cname());
    }

    @Test
    void rembRoundsLargeBitratesDownToItsMantissa() {
        for (long bitrate : new long[] {0, 1, 0x3FFFF, 0x40000, 1_000_000, 2_500_000_001L, 1L << 40}) {
            Remb remb = (Remb) readBack(written(new Remb(1, bitrate, List.of(2, 3))));
            int bits = 64 - Long.numberOfLeadingZeros(bitrate);
            long expected = bits <= 18 ? bitrate : (bitrate >>> (bits - 18)) << (bits - 18);
            assertEquals(expected, remb.bitrateBps(), "REMB of " + bitrate);
            assertEquals(List.of(2, 3), remb.ssrcs());
        }
    }

    @Test
    void reportsRoundTripWithManyBlocksAndExtremeValues() {
        List<ReportBlock> blocks = List.of(
                new ReportBlock(-1, 255, -0x80_0000, 0xFFFF_FFFFL, 0xFFFF_FFFFL, 0xFFFF_FFFFL, 0xFFFF_FFFFL),
                new ReportBlock(7, 0, 0x7F_FFFF, 0, 0, 0, 0));
        SenderReport sr = new SenderReport(-5, -1L, 0xFFFF_FFFFL, 0, 0xFFFF_FFFFL, blocks);
        assertEquals(sr, readBack(written(sr)));
        ReceiverReport rr = new ReceiverReport(9, blocks);
        assertEquals(rr, readBack(written(rr)));
    }

    @Test
    void goodbyeAndSdesRoundTripWithSeveralEntries() {
        Goodbye bye = new Goodbye(List.of(1, 2, 3), "");
        assertEquals(bye, readBack(written(bye)));
        Goodbye withReason = new Goodbye(List.of(), "a reason of odd length");
        assertEquals(withReason, readBack(written(withReason)));
        SourceDescription sdes = new SourceDescription(List.of(SourceDescription.Chunk.of(1, "x"),
                new SourceDescription.Chunk(2, Optional.empty()), SourceDescription.Chunk.of(3, "naïve@host")));
        assertEquals(sdes, readBack(written(sdes)));
    }

    @Test
    void transportFeedbackRoundTripsThroughEveryChunkKind() {
        List<TransportFeedback.PacketStatus> packets = new java.util.ArrayList<>();
        int seq = 65530;
        for (int i = 0; i < 3; i++) {
            packets.add(TransportFeedback.PacketStatus.received(seq++ & 0xFFFF, 250L * i));
        }
        for (int i = 0; i < 20; i++) {
            packets.add(TransportFeedback.PacketStatus.lost(seq++ & 0xFFFF));
        }
        for (int i = 0; i < 9; i++) {
            packets.add(TransportFeedback.PacketStatus.received(seq++ & 0xFFFF, 1000));
        }
        packets.add(TransportFeedback.PacketStatus.received(seq++ & 0xFFFF, -8_192_000));
        packets.add(TransportFeedback.PacketStatus.received(seq & 0xFFFF, 8_191_750));
        TransportFeedback feedback = new TransportFeedback(1, 2, 65530, -0x80_0000, 255, packets);
        byte[] bytes = written(feedback);
        assertEquals(0, bytes.length % 4);
        assertEquals(feedback, readBack(bytes));
    }

    @Test
    void writesACompoundBackToBack() {
        List<RtcpPacket> packets = List.of(RtcpSamples.SR_RECORD, RtcpSamples.SDES_RECORD, RtcpSamples.REMB_RECORD);
        byte[] target = new byte[RtcpWriter.compoundLength(packets)];
        assertEquals(target.length, RtcpWriter.writeCompound(packets, target, 0));
        assertArrayEquals(RtcpSamples.concat(List.of(RtcpSamples.SR, RtcpSamples.SDES, RtcpSamples.REMB)), target);
        assertEquals(packets, assertInstanceOf(RtcpCompound.class, RtcpParser.parse(target)).packets());
    }

    @Test
    void aTargetTooSmallOrAnImpossibleValueIsAProgrammingError() {
        assertThrows(IllegalArgumentException.class, () -> RtcpWriter.writePli(new byte[11], 0, 1, 2));
        assertThrows(IllegalArgumentException.class, () -> RtcpWriter.writeCompound(
                List.of(RtcpSamples.SR_RECORD), new byte[40], 0));
        assertThrows(IllegalArgumentException.class, () -> RtcpWriter.writeNack(new byte[64], 0, 1, 2, new int[0], 0));
        assertThrows(IllegalArgumentException.class, () -> RtcpWriter.write(new TransportFeedback(1, 2, 0, 0, 0,
                List.of(TransportFeedback.PacketStatus.received(0, 8_192_250))), new byte[64], 0));
        assertThrows(IllegalArgumentException.class, () -> new ReportBlock(1, 256, 0, 0, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new FullIntraRequest.Entry(1, 256));
        assertThrows(IllegalArgumentException.class, () -> RtcpWriter.writeSdesCname(new byte[600], 0, 1, "x".repeat(256)));
    }
}
