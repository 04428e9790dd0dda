package io.confab.core.sfu.rtcp;

/** RTCP packet type numbers (RFC 3550 §12.1, RFC 4585 §6.1) and the feedback formats Confab reads. */
public final class RtcpPacketType {
    public static final int SENDER_REPORT = 200;
    public static final int RECEIVER_REPORT = 201;
    public static final int SOURCE_DESCRIPTION = 202;
    public static final int GOODBYE = 203;
    public static final int APPLICATION = 204;
    /** Transport-layer feedback (RFC 4585 §6.1). */
    public static final int RTPFB = 205;
    /** Payload-specific feedback (RFC 4585 §6.1). */
    public static final int PSFB = 206;

    /** RTPFB FMT 1 (RFC 4585 §6.2.1). */
    public static final int FMT_GENERIC_NACK = 1;
    /** RTPFB FMT 15 (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1). */
    public static final int FMT_TRANSPORT_CC = 15;
    /** PSFB FMT 1 (RFC 4585 §6.3.1). */
    public static final int FMT_PLI = 1;
    /** PSFB FMT 4 (RFC 5104 §4.3.1). */
    public static final int FMT_FIR = 4;
    /** PSFB FMT 15, application layer feedback, used for REMB (draft-alvestrand-rmcat-remb-03 §2.2). */
    public static final int FMT_APPLICATION_LAYER = 15;

    private RtcpPacketType() {
    }
}
