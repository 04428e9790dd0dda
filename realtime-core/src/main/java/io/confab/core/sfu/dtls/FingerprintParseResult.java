package io.confab.core.sfu.dtls;

/** What {@link Fingerprint#parse} made of an SDP value: a fingerprint, or why it is not one. Never an exception. */
public sealed interface FingerprintParseResult permits Fingerprint, FingerprintParseError {
}
