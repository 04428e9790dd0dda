package io.confab.core.sfu.rtcp;

import static io.confab.core.wire.NetworkOrder.readShort;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads compound RTCP packets (RFC 3550 §6) from untrusted, already decrypted bytes. Every packet
 * header is checked (version 2, length inside the compound, padding inside the packet) and the
 * kinds Confab acts on are read into records; other types and feedback formats are counted as
 * skipped. A compound is accepted whole or refused whole with the reason. Starting with SR or RR
 * is not required, because reduced-size RTCP (RFC 5506) sends feedback alone.
 */
public final class RtcpParser {
    private static final int HEADER_LENGTH = 4;

    private RtcpParser() {
    }

    public static RtcpParseResult parse(byte[] compound) {
        return parse(compound, 0, compound == null ? 0 : compound.length);
    }

    public static RtcpParseResult parse(byte[] compound, int offset, int length) {
        if (compound == null || offset < 0 || length < 0 || offset > compound.length - length) {
            return new RtcpParseError(RtcpParseError.Reason.TOO_SHORT, "no bytes in range");
        }
        if (length == 0) {
            return new RtcpParseError(RtcpParseError.Reason.TOO_SHORT, "empty compound packet");
        }
        List<RtcpPacket> packets = new ArrayList<>();
        int skipped = 0;
        int position = offset;
        int end = offset + length;
        try {
            while (position < end) {
                if (end - position < HEADER_LENGTH) {
                    throw new Malformed(RtcpParseError.Reason.TOO_SHORT,
                            (end - position) + " bytes left where a packet header should be");
                }
                int first = compound[position] & 0xFF;
                if (first >>> 6 != 2) {
                    throw new Malformed(RtcpParseError.Reason.BAD_VERSION, "version " + (first >>> 6) + " at " + (position - offset));
                }
                int type = compound[position + 1] & 0xFF;
                int packetLength = 4 * (readShort(compound, position + 2) + 1);
                if (packetLength > end - position) {
                    throw new Malformed(RtcpParseError.Reason.BAD_LENGTH, "packet type " + type + " of "
                            + packetLength + " bytes with " + (end - position) + " left");
                }
                int bodyEnd = position + packetLength;
                if ((first & 0x20) != 0) {
                    int padding = compound[bodyEnd - 1] & 0xFF;
                    if (padding == 0 || padding > packetLength - HEADER_LENGTH) {
                        throw new Malformed(RtcpParseError.Reason.BAD_PADDING,
                                "padding of " + padding + " in a packet of " + packetLength + " bytes");
                    }
                    bodyEnd -= padding;
                }
                Body body = new Body(compound, position + HEADER_LENGTH, bodyEnd, type);
                RtcpPacket packet = read(body, first & 0x1F, type);
                if (packet == null) {
                    skipped++;
                } else {
                    packets.add(packet);
                }
                position += packetLength;
            }
        } catch (Malformed malformed) {
            return new RtcpParseError(malformed.reason, malformed.getMessage(), malformed.inTransportFeedback);
        }
        return new RtcpCompound(packets, skipped);
    }

    /** The packet, or null for a type or format Confab skips. */
    private static RtcpPacket read(Body body, int count, int type) throws Malformed {
        return switch (type) {
            case RtcpPacketType.SENDER_REPORT -> readSenderReport(body, count);
            case RtcpPacketType.RECEIVER_REPORT -> new ReceiverReport(body.int32(), readBlocks(body, count));
            case RtcpPacketType.SOURCE_DESCRIPTION -> readSourceDescription(body, count);
            case RtcpPacketType.GOODBYE -> readGoodbye(body, count);
            case RtcpPacketType.RTPFB -> readTransportFeedback(body, count);
            case RtcpPacketType.PSFB -> readPayloadFeedback(body, count);
            default -> null;
        };
    }

    private static SenderReport readSenderReport(Body body, int count) throws Malformed {
        int ssrc = body.int32();
        long ntp = (body.uint32() << 32) | body.uint32();
        long rtpTimestamp = body.uint32();
        long packetCount = body.uint32();
        long octetCount = body.uint32();
        // Bytes after the blocks are profile-specific extensions (§6.4.1), which no profile here uses.
        return new SenderReport(ssrc, ntp, rtpTimestamp, packetCount, octetCount, readBlocks(body, count));
    }

    private static List<ReportBlock> readBlocks(Body body, int count) throws Malformed {
        body.need(count * ReportBlock.LENGTH, count + " report blocks");
        List<ReportBlock> blocks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int ssrc = body.int32();
            int fractionLost = body.uint8();
            int cumulativeLost = (body.uint24() << 8) >> 8; // 24-bit two's complement
            blocks.add(new ReportBlock(ssrc, fractionLost, cumulativeLost, body.uint32(), body.uint32(),
                    body.uint32(), body.uint32()));
        }
        return blocks;
    }

    /** §6.5: chunks of SSRC + items, each chunk ended by a null item and padded to 32 bits. */
    private static SourceDescription readSourceDescription(Body body, int count) throws Malformed {
        List<SourceDescription.Chunk> chunks = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int ssrc = body.int32();
            String cname = null;
            while (true) {
                int itemType = body.uint8();
                if (itemType == 0) {
                    body.alignTo4();
                    break;
                }
                int itemLength = body.uint8();
                body.need(itemLength, "SDES item of " + itemLength + " bytes");
                if (itemType == 1 && cname == null) {
                    cname = new String(body.bytes, body.position, itemLength, StandardCharsets.UTF_8);
                }
                body.position += itemLength;
            }
            chunks.add(new SourceDescription.Chunk(ssrc, Optional.ofNullable(cname)));
        }
        return new SourceDescription(chunks);
    }

    private static Goodbye readGoodbye(Body body, int count) throws Malformed {
        List<Integer> ssrcs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            ssrcs.add(body.int32());
        }
        String reason = "";
        if (body.remaining() > 0) {
            int reasonLength = body.uint8();
            body.need(reasonLength, "BYE reason of " + reasonLength + " bytes");
            reason = new String(body.bytes, body.position, reasonLength, StandardCharsets.UTF_8);
        }
        return new Goodbye(ssrcs, reason);
    }

    private static RtcpPacket readTransportFeedback(Body body, int format) throws Malformed {
        int senderSsrc = body.int32();
        int mediaSsrc = body.int32();
        if (format == RtcpPacketType.FMT_GENERIC_NACK) {
            return readNack(body, senderSsrc, mediaSsrc);
        }
        if (format == RtcpPacketType.FMT_TRANSPORT_CC) {
            try {
                return TransportFeedbackCodec.read(body, senderSsrc, mediaSsrc);
            } catch (Malformed malformed) {
                throw malformed.inTransportFeedback();
            }
        }
        return null;
    }

    /** RFC 4585 §6.2.1: each FCI names PID and, in BLP bit i, PID + i + 1. */
    private static GenericNack readNack(Body body, int senderSsrc, int mediaSsrc) throws Malformed {
        if (body.remaining() < 4) {
            throw new Malformed(RtcpParseError.Reason.MALFORMED_PACKET, "generic NACK without FCI");
        }
        List<Integer> sequenceNumbers = new ArrayList<>();
        while (body.remaining() >= 4) {
            int pid = body.uint16();
            int blp = body.uint16();
            sequenceNumbers.add(pid);
            for (int bit = 0; bit < 16; bit++) {
                if ((blp & (1 << bit)) != 0) {
                    sequenceNumbers.add((pid + bit + 1) & 0xFFFF);
                }
            }
        }
        return new GenericNack(senderSsrc, mediaSsrc, sequenceNumbers);
    }

    private static RtcpPacket readPayloadFeedback(Body body, int format) throws Malformed {
        int senderSsrc = body.int32();
        int mediaSsrc = body.int32();
        switch (format) {
            case RtcpPacketType.FMT_PLI:
                return new PictureLossIndication(senderSsrc, mediaSsrc);
            case RtcpPacketType.FMT_FIR:
                return readFir(body, senderSsrc);
            case RtcpPacketType.FMT_APPLICATION_LAYER:
                return isRemb(body) ? readRemb(body, senderSsrc) : null;
            default:
                return null;
        }
    }

    /** RFC 5104 §4.3.1.1: SSRC, command sequence number, 24 reserved bits per entry. */
    private static FullIntraRequest readFir(Body body, int senderSsrc) throws Malformed {
        if (body.remaining() < 8) {
            throw new Malformed(RtcpParseError.Reason.MALFORMED_PACKET, "FIR without an entry");
        }
        List<FullIntraRequest.Entry> entries = new ArrayList<>();
        while (body.remaining() >= 8) {
            int ssrc = body.int32();
            int sequenceNumber = body.uint8();
            body.uint24();
            entries.add(new FullIntraRequest.Entry(ssrc, sequenceNumber));
        }
        return new FullIntraRequest(senderSsrc, entries);
    }

    private static boolean isRemb(Body body) {
        return body.remaining() >= 4 && body.bytes[body.position] == 'R' && body.bytes[body.position + 1] == 'E'
                && body.bytes[body.position + 2] == 'M' && body.bytes[body.position + 3] == 'B';
    }

    /** "REMB", SSRC count, 6-bit exponent and 18-bit mantissa, then the SSRCs. */
    private static Remb readRemb(Body body, int senderSsrc) throws Malformed {
        body.uint32();
        int ssrcCount = body.uint8();
        int exponentAndMantissa = body.uint24();
        int exponent = exponentAndMantissa >>> 18;
        long mantissa = exponentAndMantissa & 0x3FFFF;
        // A mantissa shifted past 63 bits is no real link; saturate rather than wrap.
        long bitrate = mantissa == 0 ? 0
                : exponent > Long.numberOfLeadingZeros(mantissa) - 1 ? Long.MAX_VALUE : mantissa << exponent;
        body.need(4 * ssrcCount, "REMB with " + ssrcCount + " SSRCs");
        List<Integer> ssrcs = new ArrayList<>(ssrcCount);
        for (int i = 0; i < ssrcCount; i++) {
            ssrcs.add(body.int32());
        }
        return new Remb(senderSsrc, bitrate, ssrcs);
    }

    /** A bounds-checked cursor over one packet's body; running past its end is a parse failure. */
    static final class Body {
        final byte[] bytes;
        final int start;
        final int end;
        final int type;
        int position;

        Body(byte[] bytes, int position, int end, int type) {
            this.bytes = bytes;
            this.start = position - HEADER_LENGTH;
            this.position = position;
            this.end = end;
            this.type = type;
        }

        int remaining() {
            return end - position;
        }

        void need(int count, String what) throws Malformed {
            if (count > end - position) {
                RtcpParseError.Reason reason = type == RtcpPacketType.RTPFB || type == RtcpPacketType.PSFB
                        || type == RtcpPacketType.SOURCE_DESCRIPTION || type == RtcpPacketType.GOODBYE
                        ? RtcpParseError.Reason.MALFORMED_PACKET : RtcpParseError.Reason.BAD_LENGTH;
                throw new Malformed(reason, "packet type " + type + ": " + what + " needs " + count
                        + " bytes, " + (end - position) + " left");
            }
        }

        int uint8() throws Malformed {
            need(1, "a field");
            return bytes[position++] & 0xFF;
        }

        int uint16() throws Malformed {
            need(2, "a field");
            int value = readShort(bytes, position);
            position += 2;
            return value;
        }

        int uint24() throws Malformed {
            need(3, "a field");
            int value = ((bytes[position] & 0xFF) << 16) | readShort(bytes, position + 1);
            position += 3;
            return value;
        }

        int int32() throws Malformed {
            need(4, "a field");
            int value = (readShort(bytes, position) << 16) | readShort(bytes, position + 2);
            position += 4;
            return value;
        }

        long uint32() throws Malformed {
            return int32() & 0xFFFF_FFFFL;
        }

        /** SDES chunks start on 32-bit boundaries counted from the packet's start. */
        void alignTo4() throws Malformed {
            int aligned = start + ((position - start + 3) & ~3);
            need(aligned - position, "chunk padding");
            position = aligned;
        }
    }

    /** Carries a refusal out of the nested readers; never leaves this package. */
    static final class Malformed extends Exception {
        final RtcpParseError.Reason reason;
        final boolean inTransportFeedback;

        Malformed(RtcpParseError.Reason reason, String detail) {
            this(reason, detail, false);
        }

        private Malformed(RtcpParseError.Reason reason, String detail, boolean inTransportFeedback) {
            super(detail, null, false, false);
            this.reason = reason;
            this.inTransportFeedback = inTransportFeedback;
        }

        Malformed inTransportFeedback() {
            return new Malformed(reason, "transport-cc feedback: " + getMessage(), true);
        }
    }
}
