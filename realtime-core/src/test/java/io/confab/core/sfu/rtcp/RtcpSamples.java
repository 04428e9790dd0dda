package io.confab.core.sfu.rtcp;

import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Hand-built RTCP packets, field by field as RFC 3550 §6.4-§6.6, RFC 4585 §6.2.1/§6.3.1, RFC 5104
 * §4.3.1, draft-alvestrand-rmcat-remb-03 §2.2 and draft-holmer-rmcat-transport-wide-cc-extensions-01
 * §3.1 lay them out (none of these documents publishes hex vectors), with the records they mean.
 */
final class RtcpSamples {
    static final int SENDER = 0x11223344;
    static final int MEDIA = 0x55667788;

    /** RC=1; NTP e0000001.80000000; RTP ts 90000; 16 packets, 0xabc octets; one block with lost -1. */
    static final byte[] SR = hex("81 c8 000c 11223344 e0000001 80000000 00015f90 00000010 00000abc"
            + " 55667788 40 ffffff 00010005 00000020 00018000 00008000");
    static final SenderReport SR_RECORD = new SenderReport(SENDER, 0xE000_0001_8000_0000L, 90_000, 16, 0xABC,
            List.of(new ReportBlock(MEDIA, 0x40, -1, 0x10005, 0x20, 0x18000, 0x8000)));

    static final byte[] RR = hex("80 c9 0001 11223344");
    static final ReceiverReport RR_RECORD = new ReceiverReport(SENDER, List.of());

    /** One chunk: CNAME "host@x" (6 bytes), the null item, three bytes to the 32-bit boundary. */
    static final byte[] SDES = hex("81 ca 0004 11223344 01 06 686f73744078 00 000000");
    static final SourceDescription SDES_RECORD =
            new SourceDescription(List.of(SourceDescription.Chunk.of(SENDER, "host@x")));

    /** One SSRC and the reason "gone", padded to 32 bits. */
    static final byte[] BYE = hex("81 cb 0003 11223344 04 676f6e65 000000");
    static final Goodbye BYE_RECORD = new Goodbye(List.of(SENDER), "gone");

    /** [100, 101, 103, 117, 200] as PID 100 BLP 0x0005, PID 117, PID 200. */
    static final byte[] NACK = hex("81 cd 0005 11223344 55667788 0064 0005 0075 0000 00c8 0000");
    static final GenericNack NACK_RECORD = new GenericNack(SENDER, MEDIA, List.of(100, 101, 103, 117, 200));

    static final byte[] PLI = hex("81 ce 0002 11223344 55667788");
    static final PictureLossIndication PLI_RECORD = new PictureLossIndication(SENDER, MEDIA);

    /** Media SSRC 0 in the header (RFC 5104 §4.3.1.2); one entry, command sequence number 7. */
    static final byte[] FIR = hex("84 ce 0004 11223344 00000000 55667788 07 000000");
    static final FullIntraRequest FIR_RECORD =
            new FullIntraRequest(SENDER, List.of(new FullIntraRequest.Entry(MEDIA, 7)));

    /** 1 Mbps = 250000 × 2^2: exponent 2, mantissa 0x3d090; one SSRC. */
    static final byte[] REMB = hex("8f ce 0005 11223344 00000000 52454d42 01 0bd090 55667788");
    static final Remb REMB_RECORD = new Remb(SENDER, 1_000_000, List.of(MEDIA));

    /**
     * Base 0x0010, 5 statuses in one 2-bit vector chunk (11 01 00 10 01 01 00 00): small, lost,
     * large, small, small; reference time 1 (64 ms), feedback count 7; deltas +1 ms, -250 µs, 0,
     * 63.75 ms; one byte of zero padding.
     */
    static final byte[] TRANSPORT_CC = hex("8f cd 0006 11223344 55667788 0010 0005 000001 07 d250"
            + " 04 ffff 00 ff 00");
    static final TransportFeedback TRANSPORT_CC_RECORD = new TransportFeedback(SENDER, MEDIA, 0x10, 1, 7, List.of(
            TransportFeedback.PacketStatus.received(0x10, 1000),
            TransportFeedback.PacketStatus.lost(0x11),
            TransportFeedback.PacketStatus.received(0x12, -250),
            TransportFeedback.PacketStatus.received(0x13, 0),
            TransportFeedback.PacketStatus.received(0x14, 63_750)));

    static final List<byte[]> ALL = List.of(SR, RR, SDES, BYE, NACK, PLI, FIR, REMB, TRANSPORT_CC);
    static final List<RtcpPacket> ALL_RECORDS = List.of(SR_RECORD, RR_RECORD, SDES_RECORD, BYE_RECORD,
            NACK_RECORD, PLI_RECORD, FIR_RECORD, REMB_RECORD, TRANSPORT_CC_RECORD);

    private RtcpSamples() {
    }

    static byte[] hex(String spaced) {
        return HexFormat.of().parseHex(spaced.replace(" ", ""));
    }

    static byte[] concat(List<byte[]> parts) {
        int total = parts.stream().mapToInt(part -> part.length).sum();
        byte[] joined = new byte[total];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, joined, at, part.length);
            at += part.length;
        }
        return joined;
    }

    static Optional<String> cname(SourceDescription sdes, int index) {
        return sdes.chunks().get(index).cname();
    }
}
