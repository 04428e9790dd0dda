package io.confab.core.stun;

import java.util.Optional;

/** The methods Confab speaks: STUN Binding (RFC 8489 §18.2) and the TURN methods (RFC 8656 §17). */
public enum StunMethod {
    BINDING(0x001),
    ALLOCATE(0x003),
    REFRESH(0x004),
    SEND(0x006),
    DATA(0x007),
    CREATE_PERMISSION(0x008),
    CHANNEL_BIND(0x009);

    private final int code;

    StunMethod(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    public static Optional<StunMethod> fromCode(int code) {
        for (StunMethod method : values()) {
            if (method.code == code) {
                return Optional.of(method);
            }
        }
        return Optional.empty();
    }

    /**
     * The 14-bit message type: the 12 method bits interleaved with the 2 class bits
     * (RFC 8489 §5, figure 3: M11..M7 C1 M6..M4 C0 M3..M0).
     */
    public int messageType(StunClass stunClass) {
        int c = stunClass.bits();
        return (code & 0x000F) | ((code & 0x0070) << 1) | ((code & 0x0F80) << 2)
                | ((c & 0b01) << 4) | ((c & 0b10) << 7);
    }

    static int methodBits(int messageType) {
        return (messageType & 0x000F) | ((messageType >> 1) & 0x0070) | ((messageType >> 2) & 0x0F80);
    }

    static int classBits(int messageType) {
        return ((messageType >> 4) & 0b01) | ((messageType >> 7) & 0b10);
    }
}
