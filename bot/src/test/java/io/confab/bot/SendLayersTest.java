package io.confab.bot;

import io.confab.bot.source.LayerDemand;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The sender's side of the SFU's layer pausing: which layers each picture is encoded for. */
class SendLayersTest {

    private static final List<String> RIDS = List.of("l", "m", "h");

    @Test
    void everyLayerIsOnUntilTheSfuSaysOtherwise() {
        SendLayers layers = new SendLayers(RIDS);
        assertEquals(List.of(new LayerDemand(0, false), new LayerDemand(1, false), new LayerDemand(2, false)),
                layers.nextPicture());
    }

    @Test
    void aPausedLayerIsNotEncodedAndComesBackWithAKeyFrameOnce() {
        SendLayers layers = new SendLayers(RIDS);
        layers.keepOnly(List.of("l", "m"));
        assertEquals(List.of(new LayerDemand(0, false), new LayerDemand(1, false)), layers.nextPicture());
        assertEquals(1, layers.pauses(2));

        layers.keepOnly(List.of("l", "m", "h"));
        assertEquals(List.of(new LayerDemand(0, false), new LayerDemand(1, false), new LayerDemand(2, true)),
                layers.nextPicture(), "a resumed layer starts with a key frame");
        assertEquals(List.of(new LayerDemand(0, false), new LayerDemand(1, false), new LayerDemand(2, false)),
                layers.nextPicture(), "and only its first frame is forced");
        assertEquals(1, layers.resumes(2));
    }

    @Test
    void aRepeatedLayersMessageChangesNothing() {
        SendLayers layers = new SendLayers(RIDS);
        layers.keepOnly(List.of("l"));
        layers.keepOnly(List.of("l"));
        assertEquals(List.of(new LayerDemand(0, false)), layers.nextPicture());
        assertEquals(1, layers.pauses(1));
        assertEquals(1, layers.pauses(2));
    }

    @Test
    void aKeyFrameRequestConcernsItsLayerOnly() {
        SendLayers layers = new SendLayers(RIDS);
        layers.requestKeyFrame(1);
        assertEquals(List.of(new LayerDemand(0, false), new LayerDemand(1, true), new LayerDemand(2, false)),
                layers.nextPicture());
    }

    @Test
    void aKeyFrameRequestForAPausedLayerIsForgottenButItsResumeStillGivesOne() {
        SendLayers layers = new SendLayers(RIDS);
        layers.keepOnly(List.of("l"));
        layers.requestKeyFrame(2);
        assertEquals(List.of(new LayerDemand(0, false)), layers.nextPicture());
        layers.keepOnly(List.of("l", "m"));
        assertEquals(List.of(new LayerDemand(0, false), new LayerDemand(1, true)), layers.nextPicture());
    }

    @Test
    void pausingEverythingLeavesNothingToEncodeAndUnknownRidsAreIgnored() {
        SendLayers layers = new SendLayers(RIDS);
        layers.keepOnly(List.of("x"));
        assertEquals(List.of(), layers.nextPicture());
    }

    @Test
    void aSingleStreamWithoutRidIsNeverPaused() {
        SendLayers layers = new SendLayers(List.of(""));
        layers.keepOnly(List.of("l"));
        assertEquals(List.of(new LayerDemand(0, false)), layers.nextPicture());
        assertEquals(0, layers.pauses(0));
    }
}
