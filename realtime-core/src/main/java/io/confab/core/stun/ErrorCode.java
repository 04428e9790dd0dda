package io.confab.core.stun;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** ERROR-CODE (RFC 8489 §14.8): a class digit 3-6 and a number 0-99, with a UTF-8 reason phrase. */
public record ErrorCode(int code, String reason) {
    // RFC 8489 §14.8
    public static final ErrorCode TRY_ALTERNATE = new ErrorCode(300, "Try Alternate");
    public static final ErrorCode BAD_REQUEST = new ErrorCode(400, "Bad Request");
    public static final ErrorCode UNAUTHENTICATED = new ErrorCode(401, "Unauthenticated");
    public static final ErrorCode UNKNOWN_ATTRIBUTE = new ErrorCode(420, "Unknown Attribute");
    public static final ErrorCode STALE_NONCE = new ErrorCode(438, "Stale Nonce");
    public static final ErrorCode SERVER_ERROR = new ErrorCode(500, "Server Error");
    // RFC 8656 §19
    public static final ErrorCode FORBIDDEN = new ErrorCode(403, "Forbidden");
    public static final ErrorCode ALLOCATION_MISMATCH = new ErrorCode(437, "Allocation Mismatch");
    public static final ErrorCode ADDRESS_FAMILY_NOT_SUPPORTED = new ErrorCode(440, "Address Family not Supported");
    public static final ErrorCode WRONG_CREDENTIALS = new ErrorCode(441, "Wrong Credentials");
    public static final ErrorCode UNSUPPORTED_TRANSPORT_PROTOCOL = new ErrorCode(442, "Unsupported Transport Protocol");
    public static final ErrorCode PEER_ADDRESS_FAMILY_MISMATCH = new ErrorCode(443, "Peer Address Family Mismatch");
    public static final ErrorCode ALLOCATION_QUOTA_REACHED = new ErrorCode(486, "Allocation Quota Reached");
    public static final ErrorCode INSUFFICIENT_CAPACITY = new ErrorCode(508, "Insufficient Capacity");
    // RFC 8445 §7.3.1.1
    public static final ErrorCode ROLE_CONFLICT = new ErrorCode(487, "Role Conflict");

    public ErrorCode {
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

    public static Optional<ErrorCode> decode(byte[] value) {
        if (value == null || value.length < 4) {
            return Optional.empty();
        }
        int errorClass = value[2] & 0x07;
        int number = value[3] & 0xFF;
        if (errorClass < 3 || errorClass > 6 || number > 99) {
            return Optional.empty();
        }
        String phrase = new String(value, 4, value.length - 4, StandardCharsets.UTF_8);
        return Optional.of(new ErrorCode(errorClass * 100 + number, phrase));
    }
}
