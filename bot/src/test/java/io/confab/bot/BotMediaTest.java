package io.confab.bot;

import io.confab.bot.source.LayerDemand;
import io.confab.bot.source.LayerFrame;
import io.confab.bot.source.VideoLayer;
import io.confab.bot.source.EncodedVideo;
import io.confab.media.codec.Vp8Decoder;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bot's camera as three VP8 encoders over one test pattern, encoding only the layers asked for. */
class BotMediaTest {

    @Test
    void theDefaultCameraIsThreeLayersOf320640And1280PixelsEachDecodingAtItsSize() throws Exception {
        try (EncodedVideo camera = BotMedia.video(null)) {
            assertEquals(List.of(320, 640, 1280), camera.layers().stream().map(VideoLayer::width).toList());
            List<Vp8Decoder> decoders = List.of(new Vp8Decoder(), new Vp8Decoder(), new Vp8Decoder());
            try {
                List<LayerDemand> all = List.of(new LayerDemand(0, false), new LayerDemand(1, false), new LayerDemand(2, false));
                for (int picture = 0; picture < 5; picture++) {
                    List<LayerFrame> frames = camera.next(all);
                    assertEquals(List.of(0, 1, 2), frames.stream().map(LayerFrame::layer).toList());
                    for (LayerFrame frame : frames) {
                        Vp8Decoder.Picture decoded = decoders.get(frame.layer()).decode(frame.frame().data());
                        VideoLayer layer = camera.layers().get(frame.layer());
                        assertEquals(new Vp8Decoder.Picture(true, layer.width(), layer.height()), decoded);
                    }
                }
            } finally {
                decoders.forEach(Vp8Decoder::close);
            }
        }
    }

    @Test
    void onlyTheLayersAskedForAreEncodedAndAKeyFrameComesWhenAsked() throws Exception {
        try (EncodedVideo camera = BotMedia.video(null)) {
            List<Boolean> keyFrames = new ArrayList<>();
            for (int picture = 0; picture < 4; picture++) {
                List<LayerFrame> frames = camera.next(List.of(new LayerDemand(0, false)));
                assertEquals(1, frames.size());
                assertEquals(0, frames.get(0).layer());
                keyFrames.add(frames.get(0).frame().keyFrame());
            }
            assertEquals(List.of(true, false, false, false), keyFrames, "a key frame starts the stream, then inter frames");
            assertTrue(camera.next(List.of(new LayerDemand(0, true))).get(0).frame().keyFrame(), "asked-for key frame");
            assertEquals(List.of(), camera.next(List.of()), "nothing asked for, nothing encoded");
            List<LayerFrame> resumed = camera.next(List.of(new LayerDemand(0, false), new LayerDemand(2, false)));
            assertEquals(List.of(0, 2), resumed.stream().map(LayerFrame::layer).toList());
            assertFalse(resumed.get(0).frame().keyFrame());
            assertTrue(resumed.get(1).frame().keyFrame(), "a layer's first frame is a key frame");
        }
    }

    @Test
    void oneLayerIsTheWholePictureWithoutRid() throws Exception {
        try (EncodedVideo camera = BotMedia.video(null, 1)) {
            assertEquals(List.of(new VideoLayer("", 1280, 720, VideoLayer.DEFAULT_TOP_BITRATE)), camera.layers());
        }
    }
}
