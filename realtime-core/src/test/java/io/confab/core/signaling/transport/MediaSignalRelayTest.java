package io.confab.core.signaling.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.confab.core.sfu.MediaSignal;
import io.confab.core.signaling.protocol.Answer;
import io.confab.core.signaling.protocol.ErrorCode;
import io.confab.core.signaling.protocol.Offer;
import io.confab.core.signaling.protocol.ServerMessage;
import java.util.List;
import org.junit.jupiter.api.Test;

class MediaSignalRelayTest {

    @Test
    void sdpTravelsAsTheOfferAndAnswerMessages() {
        assertEquals(new Offer("v=0 offer"), MediaSignalRelay.toWire(new MediaSignal.Offer("v=0 offer")));
        assertEquals(new Answer("v=0 answer"), MediaSignalRelay.toWire(new MediaSignal.Answer("v=0 answer")));
    }

    @Test
    void activeLayersTravelAsTheLayersMessage() {
        assertEquals(new ServerMessage.Layers(List.of("q", "h")), MediaSignalRelay.toWire(new MediaSignal.Layers(List.of("q", "h"))));
    }

    @Test
    void aRefusedPublishBecomesTooManyTracksWithTheReasonAndNoRequestId() {
        assertEquals(new ServerMessage.ErrorReply(ErrorCode.TOO_MANY_TRACKS, "at most 4 tracks", null),
                MediaSignalRelay.toWire(new MediaSignal.TooManyTracks("at most 4 tracks")));
    }
}
