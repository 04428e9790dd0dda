package io.confab.bot;

import io.confab.bot.sdp.BotOffer;
import io.confab.bot.source.EncodedAudio;
import io.confab.bot.source.EncodedVideo;
import io.confab.bot.source.LayerDemand;
import io.confab.bot.source.LayerFrame;
import io.confab.bot.source.VideoLayer;
import io.confab.core.sfu.dtls.Fingerprint;
import io.confab.core.sfu.ice.IceCredentials;
import io.confab.testing.Eventually;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What the bot's sender cannot use is counted for the report, not swallowed: RTCP from the SFU that
 * does not parse, and frames its sources fail to encode (the clocks keep running). No transport: the
 * failing sources throw before anything would be sent, and RTCP needs none.
 */
class MediaSenderDropsTest {

    private static final BotOffer OFFER = new BotOffer(42, IceCredentials.random(), new Fingerprint(Fingerprint.SHA_256, new byte[32]),
            "p-ada", 1111, 21, 31, "bot-p-ada");

    @Test
    void rtcpThatDoesNotParseIsCounted() {
        try (MediaSender sender = new MediaSender(null, OFFER, failingAudio(), failingVideo(), false)) {
            // Version 2, a sender report whose length field (50 words) runs past the 8 bytes there are.
            sender.onRtcp(new byte[]{(byte) 0x80, (byte) 200, 0, 50, 0, 0, 0, 1}, 8);
            sender.onRtcp(new byte[]{0x40, (byte) 201, 0, 1, 0, 0, 0, 1}, 8);

            assertEquals(2, sender.rtcpUnreadable.count());
        }
    }

    @Test
    void framesTheSourcesFailToEncodeAreCountedAndTheClocksGoOn() throws Exception {
        try (MediaSender sender = new MediaSender(null, OFFER, failingAudio(), failingVideo(), false)) {
            sender.start();

            Eventually.within(Duration.ofSeconds(10)).until("several audio frames and video pictures dropped, the clocks still running",
                    () -> sender.audioFramesDropped.count() >= 3 && sender.videoPicturesDropped.count() >= 3);
            assertEquals(0, sender.audioPackets.get() + sender.videoPackets.get(), "nothing sent");
        }
    }

    private static EncodedAudio failingAudio() {
        return () -> {
            throw new IllegalStateException("opus encoder: native call failed");
        };
    }

    private static EncodedVideo failingVideo() {
        return new EncodedVideo() {
            @Override
            public List<VideoLayer> layers() {
                return List.of(new VideoLayer("", 1280, 720, VideoLayer.DEFAULT_TOP_BITRATE));
            }

            @Override
            public List<LayerFrame> next(List<LayerDemand> demands) {
                throw new IllegalStateException("vp8 encoder: native call failed");
            }
        };
    }
}
