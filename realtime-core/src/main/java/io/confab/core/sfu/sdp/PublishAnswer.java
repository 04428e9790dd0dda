package io.confab.core.sfu.sdp;

import java.util.Objects;

/** The answer SDP for a publish offer, and what it agreed to, which the media plane is set up from. */
public record PublishAnswer(String sdp, NegotiatedPublish negotiated) implements PublishAnswerResult {

    public PublishAnswer {
        Objects.requireNonNull(sdp, "sdp");
        Objects.requireNonNull(negotiated, "negotiated");
    }
}
