package io.confab.core.sfu.rtcp;

import static io.confab.core.wire.NetworkOrder.writeInt;
import static io.confab.core.wire.NetworkOrder.writeShort;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes RTCP packets (RFC 3550 §6, RFC 4585 §6, RFC 5104 §4.3.1, REMB, transport-cc) into a
 * caller's array and returns the bytes written. A compound packet is its packets back to back
 * (RFC 3550 §6.1); {@link #writeCompound} writes one. Sizing the target is the caller's job, with
 * {@link #length} or {@link #compoundLength}: a target too small is a programming error. The
 * primitive-argument writers for PLI, FIR and NACK allocate nothing, for the feedback the SFU
 * sends often.
 */
public final class RtcpWriter {
    private static final int FEEDBACK_HEADER_LENGTH = 12;
    /** RFC 4585 §6.2.1: one PID names itself, its BLP the 16 numbers after it. */
    private static final int BLP_SPAN = 16;
    private static final int MAX_REMB_MANTISSA = 0x3FFFF;

    private RtcpWriter() {
    }

    public static int length(RtcpPacket packet) {
        // Java 17 has no pattern switch; the sealed interface keeps this chain complete.
        if (packet instanceof SenderReport sr) {
            return 28 + ReportBlock.LENGTH * sr.reportBlocks().size();
        }
        if (packet instanceof ReceiverReport rr) {
            return 8 + ReportBlock.LENGTH * rr.reportBlocks().size();
        }
        if (packet instanceof SourceDescription sdes) {
            return sourceDescriptionLength(sdes);
        }
        if (packet instanceof Goodbye bye) {
            return 4 + 4 * bye.ssrcs().size()
                    + (bye.reason().isEmpty() ? 0 : (1 + utf8(bye.reason()).length + 3) & ~3);
        }
        if (packet instanceof GenericNack nack) {
            return nackLength(toArray(nack.sequenceNumbers()), nack.sequenceNumbers().size());
        }
        if (packet instanceof TransportFeedback feedback) {
            return TransportFeedbackCodec.length(feedback);
        }
        if (packet instanceof PictureLossIndication) {
            return FEEDBACK_HEADER_LENGTH;
        }
        if (packet instanceof FullIntraRequest fir) {
            return FEEDBACK_HEADER_LENGTH + 8 * fir.entries().size();
        }
        Remb remb = (Remb) packet;
        return FEEDBACK_HEADER_LENGTH + 8 + 4 * remb.ssrcs().size();
    }

    public static int compoundLength(List<? extends RtcpPacket> packets) {
        int total = 0;
        for (RtcpPacket packet : packets) {
            total += length(packet);
        }
        return total;
    }

    public static int writeCompound(List<? extends RtcpPacket> packets, byte[] target, int offset) {
        checkRoom(target, offset, compoundLength(packets));
        int position = offset;
        for (RtcpPacket packet : packets) {
            position += write(packet, target, position);
        }
        return position - offset;
    }

    public static int write(RtcpPacket packet, byte[] target, int offset) {
        if (packet instanceof SenderReport sr) {
            return writeSenderReport(sr, target, offset);
        }
        if (packet instanceof ReceiverReport rr) {
            return writeReceiverReport(rr, target, offset);
        }
        if (packet instanceof SourceDescription sdes) {
            return writeSourceDescription(sdes, target, offset);
        }
        if (packet instanceof Goodbye bye) {
            return writeGoodbye(bye, target, offset);
        }
        if (packet instanceof GenericNack nack) {
            return writeNack(target, offset, nack.senderSsrc(), nack.mediaSsrc(),
                    toArray(nack.sequenceNumbers()), nack.sequenceNumbers().size());
        }
        if (packet instanceof TransportFeedback feedback) {
            return TransportFeedbackCodec.write(feedback, target, offset);
        }
        if (packet instanceof PictureLossIndication pli) {
            return writePli(target, offset, pli.senderSsrc(), pli.mediaSsrc());
        }
        if (packet instanceof FullIntraRequest fir) {
            return writeFir(fir, target, offset);
        }
        return writeRemb((Remb) packet, target, offset);
    }

    private static int writeSenderReport(SenderReport sr, byte[] target, int offset) {
        int length = length(sr);
        checkRoom(target, offset, length);
        header(target, offset, sr.reportBlocks().size(), RtcpPacketType.SENDER_REPORT, length);
        writeInt(target, offset + 4, sr.senderSsrc());
        writeInt(target, offset + 8, (int) (sr.ntpTimestamp() >>> 32));
        writeInt(target, offset + 12, (int) sr.ntpTimestamp());
        writeInt(target, offset + 16, (int) sr.rtpTimestamp());
        writeInt(target, offset + 20, (int) sr.packetCount());
        writeInt(target, offset + 24, (int) sr.octetCount());
        writeBlocks(sr.reportBlocks(), target, offset + 28);
        return length;
    }

    private static int writeReceiverReport(ReceiverReport rr, byte[] target, int offset) {
        int length = length(rr);
        checkRoom(target, offset, length);
        header(target, offset, rr.reportBlocks().size(), RtcpPacketType.RECEIVER_REPORT, length);
        writeInt(target, offset + 4, rr.senderSsrc());
        writeBlocks(rr.reportBlocks(), target, offset + 8);
        return length;
    }

    private static void writeBlocks(List<ReportBlock> blocks, byte[] target, int position) {
        for (ReportBlock block : blocks) {
            writeInt(target, position, block.ssrc());
            writeInt(target, position + 4, (block.fractionLost() << 24) | (block.cumulativeLost() & 0xFF_FFFF));
            writeInt(target, position + 8, (int) block.extendedHighestSequenceNumber());
            writeInt(target, position + 12, (int) block.jitter());
            writeInt(target, position + 16, (int) block.lastSenderReport());
            writeInt(target, position + 20, (int) block.delaySinceLastSenderReport());
            position += ReportBlock.LENGTH;
        }
    }

    /** A one-chunk SDES carrying only CNAME, the item every compound packet must have (§6.1). */
    public static int writeSdesCname(byte[] target, int offset, int ssrc, String cname) {
        return writeSourceDescription(new SourceDescription(List.of(SourceDescription.Chunk.of(ssrc, cname))),
                target, offset);
    }

    private static int sourceDescriptionLength(SourceDescription sdes) {
        int length = 4;
        for (SourceDescription.Chunk chunk : sdes.chunks()) {
            length += chunkLength(chunk);
        }
        return length;
    }

    /** SSRC, the CNAME item if any, and at least one null octet, padded to 32 bits (§6.5). */
    private static int chunkLength(SourceDescription.Chunk chunk) {
        int items = chunk.cname().map(cname -> 2 + cnameBytes(cname).length).orElse(0);
        return 4 + ((items + 1 + 3) & ~3);
    }

    private static byte[] cnameBytes(String cname) {
        byte[] bytes = utf8(cname);
        if (bytes.length == 0 || bytes.length > 255) {
            throw new IllegalArgumentException("CNAME of " + bytes.length + " bytes, must be 1..255");
        }
        return bytes;
    }

    private static int writeSourceDescription(SourceDescription sdes, byte[] target, int offset) {
        int length = sourceDescriptionLength(sdes);
        checkRoom(target, offset, length);
        header(target, offset, sdes.chunks().size(), RtcpPacketType.SOURCE_DESCRIPTION, length);
        int position = offset + 4;
        for (SourceDescription.Chunk chunk : sdes.chunks()) {
            int chunkEnd = position + chunkLength(chunk);
            writeInt(target, position, chunk.ssrc());
            position += 4;
            if (chunk.cname().isPresent()) {
                byte[] cname = cnameBytes(chunk.cname().get());
                target[position++] = 1;
                target[position++] = (byte) cname.length;
                System.arraycopy(cname, 0, target, position, cname.length);
                position += cname.length;
            }
            while (position < chunkEnd) {
                target[position++] = 0;
            }
        }
        return length;
    }

    private static int writeGoodbye(Goodbye bye, byte[] target, int offset) {
        int length = length(bye);
        checkRoom(target, offset, length);
        header(target, offset, bye.ssrcs().size(), RtcpPacketType.GOODBYE, length);
        int position = offset + 4;
        for (int ssrc : bye.ssrcs()) {
            writeInt(target, position, ssrc);
            position += 4;
        }
        if (!bye.reason().isEmpty()) {
            byte[] reason = utf8(bye.reason());
            if (reason.length > 255) {
                throw new IllegalArgumentException("BYE reason of " + reason.length + " bytes, at most 255");
            }
            target[position++] = (byte) reason.length;
            System.arraycopy(reason, 0, target, position, reason.length);
            position += reason.length;
            while (position < offset + length) {
                target[position++] = 0;
            }
        }
        return length;
    }

    public static int writePli(byte[] target, int offset, int senderSsrc, int mediaSsrc) {
        checkRoom(target, offset, FEEDBACK_HEADER_LENGTH);
        feedbackHeader(target, offset, RtcpPacketType.FMT_PLI, RtcpPacketType.PSFB, FEEDBACK_HEADER_LENGTH,
                senderSsrc, mediaSsrc);
        return FEEDBACK_HEADER_LENGTH;
    }

    /** A FIR for one source; RFC 5104 §4.3.1.2 sets the header's media SSRC to 0. */
    public static int writeFir(byte[] target, int offset, int senderSsrc, int mediaSsrc, int commandSequenceNumber) {
        return writeFir(new FullIntraRequest(senderSsrc,
                List.of(new FullIntraRequest.Entry(mediaSsrc, commandSequenceNumber))), target, offset);
    }

    private static int writeFir(FullIntraRequest fir, byte[] target, int offset) {
        int length = length(fir);
        checkRoom(target, offset, length);
        feedbackHeader(target, offset, RtcpPacketType.FMT_FIR, RtcpPacketType.PSFB, length, fir.senderSsrc(), 0);
        int position = offset + FEEDBACK_HEADER_LENGTH;
        for (FullIntraRequest.Entry entry : fir.entries()) {
            writeInt(target, position, entry.ssrc());
            writeInt(target, position + 4, entry.sequenceNumber() << 24);
            position += 8;
        }
        return length;
    }

    /** Bytes a generic NACK for these sequence numbers takes. */
    public static int nackLength(int[] sequenceNumbers, int count) {
        return FEEDBACK_HEADER_LENGTH + 4 * nackPairs(sequenceNumbers, count);
    }

    /**
     * A generic NACK for sequenceNumbers[0, count), compacted into PID + BLP pairs: each number
     * within 16 after the current PID sets a BLP bit, any other starts a new pair. Ascending input
     * (as {@code NackGenerator} gives) compacts best; any order still names every number.
     */
    public static int writeNack(byte[] target, int offset, int senderSsrc, int mediaSsrc,
                                int[] sequenceNumbers, int count) {
        if (count < 1 || count > sequenceNumbers.length) {
            throw new IllegalArgumentException("NACK of " + count + " numbers from " + sequenceNumbers.length);
        }
        int length = nackLength(sequenceNumbers, count);
        checkRoom(target, offset, length);
        feedbackHeader(target, offset, RtcpPacketType.FMT_GENERIC_NACK, RtcpPacketType.RTPFB, length,
                senderSsrc, mediaSsrc);
        int position = offset + FEEDBACK_HEADER_LENGTH;
        int pid = sequenceNumbers[0] & 0xFFFF;
        int blp = 0;
        for (int i = 1; i < count; i++) {
            int sequenceNumber = sequenceNumbers[i] & 0xFFFF;
            int distance = (sequenceNumber - pid) & 0xFFFF;
            if (distance >= 1 && distance <= BLP_SPAN) {
                blp |= 1 << (distance - 1);
            } else if (distance != 0) {
                writeShort(target, position, pid);
                writeShort(target, position + 2, blp);
                position += 4;
                pid = sequenceNumber;
                blp = 0;
            }
        }
        writeShort(target, position, pid);
        writeShort(target, position + 2, blp);
        return length;
    }

    private static int nackPairs(int[] sequenceNumbers, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("a NACK names at least one sequence number");
        }
        int pairs = 1;
        int pid = sequenceNumbers[0] & 0xFFFF;
        for (int i = 1; i < count; i++) {
            int distance = ((sequenceNumbers[i] & 0xFFFF) - pid) & 0xFFFF;
            if (distance > BLP_SPAN) {
                pairs++;
                pid = sequenceNumbers[i] & 0xFFFF;
            }
        }
        return pairs;
    }

    /** REMB: the bitrate as the largest 18-bit mantissa with the smallest exponent, rounding down. */
    private static int writeRemb(Remb remb, byte[] target, int offset) {
        int length = length(remb);
        checkRoom(target, offset, length);
        feedbackHeader(target, offset, RtcpPacketType.FMT_APPLICATION_LAYER, RtcpPacketType.PSFB, length,
                remb.senderSsrc(), 0);
        int position = offset + FEEDBACK_HEADER_LENGTH;
        target[position] = 'R';
        target[position + 1] = 'E';
        target[position + 2] = 'M';
        target[position + 3] = 'B';
        long mantissa = remb.bitrateBps();
        int exponent = 0;
        while (mantissa > MAX_REMB_MANTISSA) {
            mantissa >>>= 1;
            exponent++;
        }
        writeInt(target, position + 4, (remb.ssrcs().size() << 24) | (exponent << 18) | (int) mantissa);
        position += 8;
        for (int ssrc : remb.ssrcs()) {
            writeInt(target, position, ssrc);
            position += 4;
        }
        return length;
    }

    private static void feedbackHeader(byte[] target, int offset, int format, int type, int length,
                                       int senderSsrc, int mediaSsrc) {
        header(target, offset, format, type, length);
        writeInt(target, offset + 4, senderSsrc);
        writeInt(target, offset + 8, mediaSsrc);
    }

    /** V=2, no padding, the 5-bit count or format, type, and length in 32-bit words minus one. */
    static void header(byte[] target, int offset, int countOrFormat, int type, int length) {
        target[offset] = (byte) (0x80 | countOrFormat);
        target[offset + 1] = (byte) type;
        writeShort(target, offset + 2, length / 4 - 1);
    }

    static void checkRoom(byte[] target, int offset, int length) {
        if (offset < 0 || offset > target.length - length) {
            throw new IllegalArgumentException(length + " bytes do not fit at " + offset + " in " + target.length);
        }
    }

    private static int[] toArray(List<Integer> values) {
        int[] array = new int[values.size()];
        for (int i = 0; i < array.length; i++) {
            array[i] = values.get(i);
        }
        return array;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
