package io.confab.core.stun;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** A STUN error code (RFC 8489 §18.3 registers them) as the ERROR-CODE attribute carries it (§14.8): a class digit 3-6 and a number 0-99, with a UTF-8 reason phrase. */
public record StunErrorCode(int code, String reason) {
    // RFC 8489 §14.8
    public static final StunErrorCode TRY_ALTERNATE = new StunErrorCode(300, "Try Alternate");
    public static final StunErrorCode BAD_REQUEST = new StunErrorCode(400, "Bad Request");
    public static final StunErrorCode UNAUTHENTICATED = new StunErrorCode(401, "Unauthenticated");
    public static final StunErrorCode UNKNOWN_ATTRIBUTE = new StunErrorCode(420, "Unknown Attribute");
    public static final StunErrorCode STALE_NONCE = new StunErrorCode(438, "Stale Nonce");
    public static final StunErrorCode SERVER_ERROR = new StunErrorCode(500, "Server Error");
    // RFC 8656 §19
    public static final StunErrorCode FORBIDDEN = new StunErrorCode(403, "Forbidden");
    public static final StunErrorCode ALLOCATION_MISMATCH = new StunErrorCode(437, "Allocation Mismatch");
    public static final StunErrorCode ADDRESS_FAMILY_NOT_SUPPORTED = new StunErrorCode(440, "Address Family not Supported");
    public static final StunErrorCode WRONG_CREDENTIALS = new StunErrorCode(441, "Wrong Credentials");
    public static final StunErrorCode UNSUPPORTED_TRANSPORT_PROTOCOL = new StunErrorCode(442, "Unsupported Transport Protocol");
    public static final StunErrorCode PEER_ADDRESS_FAMILY_MISMATCH = new StunErrorCode(443, "Peer Address Family Mismatch");
    public static final StunErrorCode ALLOCATION_QUOTA_REACHED = new StunErrorCode(486, "Allocation Quota Reached");
    public static final StunErrorCode INSUFFICIENT_CAPACITY = new StunErrorCode(508, "Insufficient Capacity");
    // RFC 8445 §7.3.1.1
    public static final StunErrorCode ROLE_CONFLICT = new StunErrorCode(487, "Role Conflict");

    public StunErrorCode {
        if (code < 300 || code > 699) {
            throw new IllegalArgumentException("STUN error codes are 300-699, not " + code);
        }
        reason = reason == null ? "" : reason;
    }

    public byte[] encode() {
        byte[] phrase = reason.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(4 + phrase.length)
                .putShort((short) 0).put((byte) (code / 100)).put((byte) (code % 100)).put(phrase).array();
    }

    public static Optional<StunErrorCode> decode(byte[] value) {
        if (value == null || value.length < 4) {
            return Optional.empty();
        }
        int errorClass = value[2] & 0x07;
        int number = value[3] & 0xFF;
        if (errorClass < 3 || errorClass > 6 || number > 99) {
            return Optional.empty();
        }
        String phrase = new String(value, 4, value.length - 4, StandardCharsets.UTF_8);
        return Optional.of(new StunErrorCode(errorClass * 100 + number, phrase));
    }
}
