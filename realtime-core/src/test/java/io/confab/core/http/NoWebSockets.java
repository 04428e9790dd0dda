package io.confab.core.http;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaders;

/** A WebSocket endpoint that ignores everything: for HTTP servers under test whose WebSockets play no part. */
public final class NoWebSockets implements WebSocketEndpoint {

    @Override
    public void opened(Channel channel, String uri, HttpHeaders headers) {
    }

    @Override
    public void text(Channel channel, String text) {
    }

    @Override
    public void closed(Channel channel) {
    }
}
