package io.confab.core.sfu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.confab.core.sfu.sdp.BrowserSdp;
import io.confab.core.signaling.protocol.ClientMessage;
import io.confab.core.signaling.protocol.ErrorCode;
import io.confab.core.signaling.protocol.ParticipantId;
import io.confab.core.signaling.protocol.ServerMessage;
import io.confab.core.signaling.room.MediaCommand;
import io.confab.core.signaling.transport.MediaPlane;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** One participant cannot make the SFU hold more publications than a browser ever sends (issue 18 item 5). */
class PublishLimitsTest {

    private static final MediaPlane.MeetingRef MEETING = new MediaPlane.MeetingRef("8512345678", "acct-1");
    private static final ParticipantId ALICE = new ParticipantId("p-alice");

    @Test
    void anOfferWithMoreTracksThanTheLimitIsRefusedWithTooManyTracks() throws Exception {
        // Chrome's offer publishes two tracks (audio and video); the limit here is one.
        ServerMessage.Negotiation reply = replyToChromeOffer(SfuConfig.defaults("127.0.0.1", 0, "127.0.0.1", -1)
                .withLimits(1, 4, 4));
        ServerMessage.ErrorReply refused = assertInstanceOf(ServerMessage.ErrorReply.class, reply);
        assertEquals(ErrorCode.TOO_MANY_TRACKS, refused.code());
        assertEquals("the offer would publish 2 tracks; one participant may publish at most 1", refused.message());
    }

    @Test
    void anOfferWithinTheLimitIsAnswered() throws Exception {
        assertInstanceOf(ServerMessage.Answer.class,
                replyToChromeOffer(SfuConfig.defaults("127.0.0.1", 0, "127.0.0.1", -1)));
    }

    private static ServerMessage.Negotiation replyToChromeOffer(SfuConfig config) throws Exception {
        BlockingQueue<ServerMessage.Negotiation> sent = new LinkedBlockingQueue<>();
        SfuSignals signals = new SfuSignals() {
            @Override
            public void send(String meetingId, ParticipantId to, ServerMessage.Negotiation message) {
                sent.add(message);
            }

            @Override
            public void activeSpeaker(String meetingId, ParticipantId speaker) {
            }
        };
        try (Sfu sfu = new Sfu(config, signals, null)) {
            sfu.start();
            sfu.apply(MEETING, new MediaCommand.Connect(ALICE, "Alice"));
            sfu.apply(MEETING, new MediaCommand.Negotiate(ALICE, new ClientMessage.Offer(BrowserSdp.CHROME_PUBLISH_OFFER)));
            ServerMessage.Negotiation reply = sent.poll(10, TimeUnit.SECONDS);
            if (reply == null) {
                throw new AssertionError("the SFU neither answered nor refused the offer within 10 s");
            }
            return reply;
        }
    }
}
