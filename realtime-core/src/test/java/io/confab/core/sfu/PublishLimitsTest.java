package io.confab.core.sfu;

import io.confab.core.testing.ReferenceDefaults;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.confab.core.sfu.sdp.BrowserSdp;
import io.confab.core.mediaplane.MediaNegotiation;
import io.confab.core.signaling.protocol.ParticipantId;
import io.confab.core.mediaplane.MediaCommand;
import io.confab.core.mediaplane.MediaPlane;
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
        MediaSignal reply = replyToChromeOffer(ReferenceDefaults.sfu("127.0.0.1", 0, -1)
                .withLimits(1, 4, 4));
        MediaSignal.TooManyTracks refused = assertInstanceOf(MediaSignal.TooManyTracks.class, reply);
        assertEquals("the offer would publish 2 tracks; one participant may publish at most 1", refused.reason());
    }

    @Test
    void anOfferWithinTheLimitIsAnswered() throws Exception {
        assertInstanceOf(MediaSignal.Answer.class,
                replyToChromeOffer(ReferenceDefaults.sfu("127.0.0.1", 0, -1)));
    }

    private static MediaSignal replyToChromeOffer(SfuConfig config) throws Exception {
        BlockingQueue<MediaSignal> sent = new LinkedBlockingQueue<>();
        SfuSignals signals = new SfuSignals() {
            @Override
            public void send(String meetingId, ParticipantId to, MediaSignal signal) {
                sent.add(signal);
            }

            @Override
            public void activeSpeaker(String meetingId, ParticipantId speaker) {
            }
        };
        try (Sfu sfu = new Sfu(config, signals, null)) {
            sfu.start();
            sfu.apply(MEETING, new MediaCommand.Connect(ALICE, "Alice"));
            sfu.apply(MEETING, new MediaCommand.Negotiate(ALICE, new MediaNegotiation.PublishOffer(BrowserSdp.CHROME_PUBLISH_OFFER)));
            MediaSignal reply = sent.poll(10, TimeUnit.SECONDS);
            if (reply == null) {
                throw new AssertionError("the SFU neither answered nor refused the offer within 10 s");
            }
            return reply;
        }
    }
}
