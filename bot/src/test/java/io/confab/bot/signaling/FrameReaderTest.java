package io.confab.bot.signaling;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The bot's reading of signaling frames: parts joined, a frame that is not JSON skipped and counted, the next one read. */
class FrameReaderTest {

    @Test
    void aFrameThatIsNotJsonIsCountedAndTheNextIsStillRead() {
        List<String> types = new ArrayList<>();
        SignalingSession.FrameReader reader = new SignalingSession.FrameReader(frame -> types.add(frame.path("type").asText()));
        WebSocket socket = socket();

        reader.onText(socket, "{\"type\":\"joi", false);
        reader.onText(socket, "ned\"}", true);
        reader.onText(socket, "{\"type\": layers", true);
        reader.onText(socket, "{\"type\":\"layers\",\"active\":[\"l\"]}", true);

        assertEquals(List.of("joined", "layers"), types);
        assertEquals(1, reader.unreadable.count(), "the frame that is not JSON");
    }

    /** Only {@code request} is called: the reader asks for the next frame after each one. */
    private static WebSocket socket() {
        return (WebSocket) Proxy.newProxyInstance(FrameReaderTest.class.getClassLoader(), new Class<?>[]{WebSocket.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("request")) {
                        return null;
                    }
                    throw new UnsupportedOperationException("WebSocket." + method.getName());
                });
    }
}
