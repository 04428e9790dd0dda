package io.confab.core.sfu.sdp;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything a publish offer/answer agreed on: the accepted m-sections in offer order, the
 * rejected ones, and the publisher's transport, one for the whole bundle.
 */
public record NegotiatedPublish(List<NegotiatedMedia> media, List<RejectedMedia> rejected, RemoteTransport remote) {

    public NegotiatedPublish {
        media = List.copyOf(media);
        rejected = List.copyOf(rejected);
        Objects.requireNonNull(remote, "remote");
    }

    public Optional<NegotiatedMedia> media(String mid) {
        return media.stream().filter(m -> m.mid().equals(mid)).findFirst();
    }
}
