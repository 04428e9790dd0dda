package io.confab.core.sfu.ice;

/** Why a STUN datagram on the media port did not become a connectivity check. */
public enum IceDrop {
    MALFORMED,
    NOT_A_BINDING_REQUEST,
    BAD_FINGERPRINT,
    NO_USERNAME,
    UNKNOWN_UFRAG,
    WRONG_REMOTE_UFRAG,
    BAD_INTEGRITY,
    NO_INTEGRITY,
    ROLE_CONFLICT
}
