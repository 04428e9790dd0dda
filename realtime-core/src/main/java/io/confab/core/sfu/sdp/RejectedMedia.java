package io.confab.core.sfu.sdp;

import java.util.Objects;

/** An offered m-section the answer turned down with port 0 (RFC 3264 §6), and why, for logs and counters. */
public record RejectedMedia(String mid, String media, String reason) {

    public RejectedMedia {
        Objects.requireNonNull(mid, "mid");
        Objects.requireNonNull(media, "media");
        Objects.requireNonNull(reason, "reason");
    }
}
