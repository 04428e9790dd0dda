package io.confab.bot;

import java.util.List;

/**
 * What one bot saw, printed as JSON when it leaves ({@code confab bot}) and folded into
 * {@code confab demo --json}. {@code received.fromParticipants} are display names.
 */
public record BotReport(String name, String participantId, String meetingId, double seconds, Sent sent, Received received,
                        List<Sender> bySender, Dropped dropped, String ended) {

    /**
     * What the bot dropped because it could not use it (the first few of each kind are logged with
     * the reason): signaling frames that were not JSON, RTCP packets from the SFU on the publish
     * connection that did not parse, audio frames and video pictures the sender failed to encode or send;
     * and, counted only, on both media connections: SRTP packets that failed to decrypt or encrypt,
     * received datagrams that could not be read, sends and receives the socket failed, and sends the
     * kernel refused because the socket's buffer was full.
     */
    public record Dropped(long signalingFrames, long rtcpPackets, long audioFrames, long videoPictures,
                          long srtpPackets, long unreadableDatagrams, long socketErrors, long sendsRefused) {
    }

    /** {@code layers}: the camera's RTP streams, lowest first (one without simulcast). */
    public record Sent(long audioPackets, long videoPackets, long videoFrames, long keyFrameRequests, long retransmissions,
                       List<SentLayer> layers) {
    }

    /**
     * One video layer sent: its rid ({@code ""} without simulcast) and size, frames and packets, how
     * often the SFU paused it ({@code layers} message), and whether it was on at the end.
     */
    public record SentLayer(String rid, int width, int height, long frames, long keyFrames, long packets, long pauses,
                            boolean on) {
    }

    public record Received(long audioPackets, long videoPackets, long videoFramesDecoded, List<String> fromParticipants) {
    }

    /**
     * Per sender: packets, decoded frames, loss from sequence numbers (0.0..1.0), and the width of
     * the sender's video as it arrived: {@code videoWidth} the latest, {@code videoWidths} every width
     * seen, in order of first appearance. With simulcast the width says which layer the SFU forwards.
     * Widths come from decoded pictures, or in load tests (no decoding) from key frame headers.
     */
    public record Sender(String participantId, String name, long audioPackets, long videoPackets, long videoFramesDecoded,
                         double loss, int videoWidth, List<Integer> videoWidths) {
    }
}
