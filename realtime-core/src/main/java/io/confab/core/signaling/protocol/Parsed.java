package io.confab.core.signaling.protocol;

/**
 * What {@link ProtocolCodec#parse} makes of one text frame: a {@link ClientRequest} to act on, or a
 * {@link ProtocolError} to send back. Bad input is a value here, never an exception.
 */
public sealed interface Parsed permits ClientRequest, ProtocolError {
}
