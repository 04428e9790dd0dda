package io.confab.bot;

import java.util.List;

/**
 * What one bot saw, printed as JSON when it leaves ({@code confab bot}) and folded into
 * {@code confab demo --json}. {@code received.fromParticipants} are display names.
 */
public record BotReport(String name, String participantId, String meetingId, double seconds, Sent sent, Received received,
                        List<Sender> bySender, String ended) {

    public record Sent(long audioPackets, long videoPackets, long videoFrames, long keyFrameRequests, long retransmissions) {
    }

    public record Received(long audioPackets, long videoPackets, long videoFramesDecoded, List<String> fromParticipants) {
    }

    /** Per sender: packets, decoded frames, and loss from sequence numbers (0.0..1.0). */
    public record Sender(String participantId, String name, long audioPackets, long videoPackets, long videoFramesDecoded,
                         double loss) {
    }
}
