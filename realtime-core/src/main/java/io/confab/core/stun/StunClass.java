package io.confab.core.stun;

/** The two class bits of a STUN message type (RFC 8489 §5: C1 at bit 8, C0 at bit 4). */
public enum StunClass {
    REQUEST(0b00),
    INDICATION(0b01),
    SUCCESS_RESPONSE(0b10),
    ERROR_RESPONSE(0b11);

    private final int bits;

    StunClass(int bits) {
        this.bits = bits;
    }

    public int bits() {
        return bits;
    }

    static StunClass fromBits(int bits) {
        return values()[bits & 0b11];
    }

    public boolean isResponse() {
        return this == SUCCESS_RESPONSE || this == ERROR_RESPONSE;
    }
}
