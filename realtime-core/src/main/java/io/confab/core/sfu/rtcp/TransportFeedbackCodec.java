package io.confab.core.sfu.rtcp;

import io.confab.core.wire.NetworkOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The FCI of transport-wide feedback (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1):
 *
 * <pre>
 *   base sequence number (16) | packet status count (16)
 *   reference time (24, signed, 64 ms) | feedback packet count (8)
 *   packet chunks (16 bits each) ... receive deltas ... zero padding
 * </pre>
 *
 * A chunk is a run length (T=0: 2-bit symbol, 13-bit run, §3.1.3) or a status vector (T=1: S=0
 * fourteen 1-bit symbols, S=1 seven 2-bit symbols, §3.1.4). Symbols: 0 not received, 1 received
 * with a 1-byte unsigned delta, 2 received with a 2-byte signed delta, 3 reserved (§3.1.1, §3.1.5).
 */
final class TransportFeedbackCodec {
    private static final int NOT_RECEIVED = 0;
    private static final int SMALL_DELTA = 1;
    private static final int LARGE_DELTA = 2;
    private static final int MAX_RUN = 0x1FFF;
    private static final int TWO_BIT_VECTOR_SYMBOLS = 7;

    private TransportFeedbackCodec() {
    }

    static TransportFeedback read(RtcpParser.Body body, int senderSsrc, int mediaSsrc) throws RtcpParser.Malformed {
        int baseSequence = body.uint16();
        int statusCount = body.uint16();
        int referenceTime = (body.uint24() << 8) >> 8;
        int feedbackCount = body.uint8();
        if (statusCount == 0) {
            throw malformed("transport-cc feedback with no packet status");
        }
        byte[] symbols = new byte[statusCount];
        int filled = 0;
        while (filled < statusCount) {
            int chunk = body.uint16();
            if ((chunk & 0x8000) == 0) {
                int symbol = (chunk >>> 13) & 0x3;
                int run = chunk & MAX_RUN;
                if (symbol == 3) {
                    throw malformed("run length chunk with reserved symbol 3");
                }
                for (int i = 0; i < run && filled < statusCount; i++) {
                    symbols[filled++] = (byte) symbol;
                }
            } else if ((chunk & 0x4000) == 0) {
                for (int i = 13; i >= 0 && filled < statusCount; i--) {
                    symbols[filled++] = (byte) ((chunk >>> i) & 0x1);
                }
            } else {
                for (int i = 6; i >= 0 && filled < statusCount; i--) {
                    int symbol = (chunk >>> (2 * i)) & 0x3;
                    if (symbol == 3) {
                        throw malformed("status vector chunk with reserved symbol 3");
                    }
                    symbols[filled++] = (byte) symbol;
                }
            }
        }
        List<TransportFeedback.PacketStatus> packets = new ArrayList<>(statusCount);
        for (int i = 0; i < statusCount; i++) {
            int sequenceNumber = (baseSequence + i) & 0xFFFF;
            switch (symbols[i]) {
                case SMALL_DELTA -> packets.add(TransportFeedback.PacketStatus.received(sequenceNumber,
                        (long) body.uint8() * TransportFeedback.DELTA_TICK_MICROS));
                case LARGE_DELTA -> packets.add(TransportFeedback.PacketStatus.received(sequenceNumber,
                        (long) (short) body.uint16() * TransportFeedback.DELTA_TICK_MICROS));
                default -> packets.add(TransportFeedback.PacketStatus.lost(sequenceNumber));
            }
        }
        return new TransportFeedback(senderSsrc, mediaSsrc, baseSequence, referenceTime, feedbackCount, packets);
    }

    private static RtcpParser.Malformed malformed(String detail) {
        return new RtcpParser.Malformed(RtcpParseError.Reason.MALFORMED_PACKET, detail);
    }

    /** The symbol a status is written with; deltas are rounded to the nearest 250 µs tick. */
    private static int symbol(TransportFeedback.PacketStatus status) {
        if (!status.received()) {
            return NOT_RECEIVED;
        }
        long ticks = ticks(status);
        if (ticks >= 0 && ticks <= 0xFF) {
            return SMALL_DELTA;
        }
        if (ticks >= Short.MIN_VALUE && ticks <= Short.MAX_VALUE) {
            return LARGE_DELTA;
        }
        throw new IllegalArgumentException("receive delta " + status.receiveDeltaMicros()
                + " µs of packet " + status.sequenceNumber() + " does not fit 16 signed bits of 250 µs");
    }

    private static long ticks(TransportFeedback.PacketStatus status) {
        return Math.floorDiv(status.receiveDeltaMicros() + TransportFeedback.DELTA_TICK_MICROS / 2,
                TransportFeedback.DELTA_TICK_MICROS);
    }

    /** Bytes of the whole packet, header and padding to 32 bits included. */
    static int length(TransportFeedback feedback) {
        List<TransportFeedback.PacketStatus> packets = feedback.packets();
        int[] symbols = symbols(packets);
        int bytes = 12 + 8 + 2 * chunkCount(symbols);
        for (int symbol : symbols) {
            bytes += symbol == SMALL_DELTA ? 1 : symbol == LARGE_DELTA ? 2 : 0;
        }
        return (bytes + 3) & ~3;
    }

    private static int[] symbols(List<TransportFeedback.PacketStatus> packets) {
        int[] symbols = new int[packets.size()];
        for (int i = 0; i < symbols.length; i++) {
            symbols[i] = symbol(packets.get(i));
        }
        return symbols;
    }

    /**
     * Chunks are chosen greedily: a run length chunk when at least seven equal symbols follow (a
     * vector could hold no more), otherwise a 2-bit status vector of the next seven, the last one
     * padded with "not received" symbols beyond the status count, which readers ignore.
     */
    private static int runAt(int[] symbols, int start) {
        int run = 1;
        while (start + run < symbols.length && symbols[start + run] == symbols[start] && run < MAX_RUN) {
            run++;
        }
        return run;
    }

    private static int chunkCount(int[] symbols) {
        int chunks = 0;
        int position = 0;
        while (position < symbols.length) {
            int run = runAt(symbols, position);
            position += run >= TWO_BIT_VECTOR_SYMBOLS ? run : TWO_BIT_VECTOR_SYMBOLS;
            chunks++;
        }
        return chunks;
    }

    static int write(TransportFeedback feedback, byte[] target, int offset) {
        int length = length(feedback);
        RtcpWriter.checkRoom(target, offset, length);
        int[] symbols = symbols(feedback.packets());
        RtcpWriter.header(target, offset, RtcpPacketType.FMT_TRANSPORT_CC, RtcpPacketType.RTPFB, length);
        NetworkOrder.writeInt(target, offset + 4, feedback.senderSsrc());
        NetworkOrder.writeInt(target, offset + 8, feedback.mediaSsrc());
        NetworkOrder.writeShort(target, offset + 12, feedback.baseSequenceNumber());
        NetworkOrder.writeShort(target, offset + 14, symbols.length);
        NetworkOrder.writeInt(target, offset + 16, (feedback.referenceTime() << 8) | feedback.feedbackPacketCount());
        int position = offset + 20;
        int index = 0;
        while (index < symbols.length) {
            int run = runAt(symbols, index);
            int chunk;
            if (run >= TWO_BIT_VECTOR_SYMBOLS) {
                chunk = (symbols[index] << 13) | run;
                index += run;
            } else {
                chunk = 0xC000;
                for (int i = 0; i < TWO_BIT_VECTOR_SYMBOLS; i++) {
                    int symbol = index < symbols.length ? symbols[index] : NOT_RECEIVED;
                    chunk |= symbol << (2 * (6 - i));
                    index++;
                }
            }
            NetworkOrder.writeShort(target, position, chunk);
            position += 2;
        }
        for (int i = 0; i < symbols.length; i++) {
            long ticks = ticks(feedback.packets().get(i));
            if (symbols[i] == SMALL_DELTA) {
                target[position++] = (byte) ticks;
            } else if (symbols[i] == LARGE_DELTA) {
                NetworkOrder.writeShort(target, position, (int) ticks);
                position += 2;
            }
        }
        while (position < offset + length) {
            target[position++] = 0;
        }
        return length;
    }
}
