package io.confab.bot.source;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The layers a bot publishes, as peer.js asks a browser for them. */
class VideoLayerTest {

    @Test
    void threeLayersAreAQuarterHalfAndFullSizeAt150500And1500Kbits() {
        assertEquals(List.of(new VideoLayer("l", 320, 180, 150_000), new VideoLayer("m", 640, 360, 500_000),
                new VideoLayer("h", 1280, 720, 1_500_000)), VideoLayer.ladder(1280, 720, 3, 1_500_000));
    }

    @Test
    void twoLayersAreTheTopTwoAndOneIsASingleStreamWithoutRid() {
        assertEquals(List.of("m", "h"), VideoLayer.ladder(1280, 720, 2, 1_500_000).stream().map(VideoLayer::rid).toList());
        assertEquals(List.of(new VideoLayer("", 1280, 720, 1_500_000)), VideoLayer.ladder(1280, 720, 1, 1_500_000));
    }

    @Test
    void oddSourceSizesGiveEvenLayerSizes() {
        List<VideoLayer> layers = VideoLayer.ladder(641, 363, 3, 1_500_000);
        assertEquals(List.of(160, 320, 640), layers.stream().map(VideoLayer::width).toList());
        assertEquals(List.of(90, 180, 362), layers.stream().map(VideoLayer::height).toList());
    }

    @Test
    void moreLayersThanTheWebClientSendsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> VideoLayer.ladder(1280, 720, 4, 1_500_000));
        assertThrows(IllegalArgumentException.class, () -> VideoLayer.ladder(1280, 720, 0, 1_500_000));
    }
}
