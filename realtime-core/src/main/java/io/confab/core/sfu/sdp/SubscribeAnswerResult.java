package io.confab.core.sfu.sdp;

/** What {@link SubscribeOfferer} made of the browser's answer: what it accepted, or why it cannot be used. */
public sealed interface SubscribeAnswerResult permits SubscribeAnswer, NegotiationError {
}
