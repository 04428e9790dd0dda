package io.confab.core.stun;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * One attribute as it came off the wire: its type, its value without padding, and where its
 * header starts in the message, which MESSAGE-INTEGRITY and FINGERPRINT checks need (RFC 8489
 * §14.5-§14.7 hash the message up to the attribute).
 */
public record StunAttribute(int type, byte[] value, int offset) {

    public StunAttribute {
        value = value.clone();
    }

    @Override
    public byte[] value() {
        return value.clone();
    }

    int length() {
        return value.length;
    }

    byte[] valueView() {
        return value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StunAttribute a && a.type == type && a.offset == offset
                && Arrays.equals(a.value, value);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * type + offset) + Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return AttributeType.name(type) + "(" + HexFormat.of().formatHex(value) + ")";
    }
}
