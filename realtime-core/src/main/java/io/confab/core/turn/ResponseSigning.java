package io.confab.core.turn;

import io.confab.core.stun.AttributeType;
import io.confab.core.stun.IntegrityKey;
import io.confab.core.stun.StunMessage;
import io.confab.core.stun.StunMessageBuilder;

/**
 * How to protect a response: with the integrity kind the request used (RFC 8489 §9.2.4 has the
 * server answer in kind) under the request's key, and with FINGERPRINT when the request had one,
 * since such a client may be demultiplexing on it.
 */
record ResponseSigning(IntegrityKey key, boolean sha256, boolean fingerprint) {

    /** No integrity: the request was not authenticated (Binding, or a refusal before the key is known). */
    static ResponseSigning unauthenticated(StunMessage request) {
        return new ResponseSigning(null, false, request.has(AttributeType.FINGERPRINT));
    }

    static ResponseSigning with(IntegrityKey key, StunMessage request) {
        return new ResponseSigning(key, request.has(AttributeType.MESSAGE_INTEGRITY_SHA256)
                && !request.has(AttributeType.MESSAGE_INTEGRITY), request.has(AttributeType.FINGERPRINT));
    }

    byte[] sign(StunMessageBuilder builder) {
        if (key != null) {
            if (sha256) {
                builder.messageIntegritySha256(key);
            } else {
                builder.messageIntegrity(key);
            }
        }
        if (fingerprint) {
            builder.fingerprint();
        }
        return builder.encode();
    }
}
