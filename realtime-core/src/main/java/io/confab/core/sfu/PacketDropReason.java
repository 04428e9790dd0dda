package io.confab.core.sfu;

/**
 * Why a stage of the packet path let a packet go no further. The label is the Prometheus
 * {@code reason} of {@code confab_sfu_stage_dropped_packets_total}; the labels shared with
 * {@code confab_sfu_dropped_packets_total} mean the same there.
 */
enum PacketDropReason {
    MALFORMED_RTP("malformed_rtp"),
    UNKNOWN_SSRC("unknown_ssrc"),
    /** A retransmission for a layer whose media SSRC or codec is not known yet, or too short to carry its sequence number. */
    RTX_UNUSABLE("rtx_unusable"),
    UNKNOWN_PAYLOAD_TYPE("unknown_payload_type"),
    MUTED("muted"),
    LAYER_NOT_FORWARDED("layer_not_forwarded"),
    /** The receiver's subscribe transport is missing or has no SRTP keys yet. */
    RECEIVER_NOT_CONNECTED("receiver_not_connected"),
    REWRITER_REFUSED("rewriter_refused"),
    /** SRTP protection failed (or the transport closed between the gate and the send). */
    SEND_FAILED("send_failed"),
    MALFORMED_RTCP("malformed_rtcp");

    final String label;

    PacketDropReason(String label) {
        this.label = label;
    }
}
