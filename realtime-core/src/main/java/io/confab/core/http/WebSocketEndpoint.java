package io.confab.core.http;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaders;

/**
 * What the HTTP server hands WebSocket connections on {@code /ws} to. Called on the connection's
 * event-loop thread; implementations must not block it.
 */
public interface WebSocketEndpoint {

    /** The handshake completed; {@code uri} carries the query string (e.g. a token). */
    void opened(Channel channel, String uri, HttpHeaders headers);

    void text(Channel channel, String text);

    void closed(Channel channel);
}
