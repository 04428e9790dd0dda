package io.confab.core.stun;

/** What the decoder made of some bytes: a message, or the reason it is not one. Never an exception. */
public sealed interface StunParseResult permits StunMessage, StunParseError {
}
