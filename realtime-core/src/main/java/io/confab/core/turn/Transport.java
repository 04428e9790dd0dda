package io.confab.core.turn;

/** How a client reaches the TURN server; TCP and TLS pad ChannelData to 4 bytes (RFC 8656 §12.5). */
public enum Transport {
    UDP,
    TCP,
    TLS;

    public boolean isStream() {
        return this != UDP;
    }
}
