package io.confab.core.sfu.sdp;

/** What {@link PublishAnswerer} made of an offer: an answer to send, or why there is none. */
public sealed interface PublishAnswerResult permits PublishAnswer, NegotiationError {
}
