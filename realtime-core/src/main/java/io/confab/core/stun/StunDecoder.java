package io.confab.core.stun;

import static io.confab.core.wire.NetworkOrder.readInt;
import static io.confab.core.wire.NetworkOrder.readShort;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;

/**
 * Reads STUN messages (RFC 8489 §5, §14) from untrusted bytes. It checks framing and the lengths
 * the RFCs fix, never throws on bad input, and keeps the message's bytes so integrity and
 * fingerprint can be checked later against exactly what was received.
 */
public final class StunDecoder {
    public static final int HEADER_LENGTH = 20;
    public static final int MAGIC_COOKIE = 0x2112A442;

    private StunDecoder() {
    }

    /**
     * The cheap test a demux runs before parsing: first two bits 00, room for a header, and the
     * magic cookie in place (RFC 8489 §5, RFC 7983 §7).
     */
    public static boolean looksLikeStun(byte[] packet, int offset, int length) {
        return length >= HEADER_LENGTH
                && PacketKind.of(packet, offset, length) == PacketKind.STUN
                && readInt(packet, offset + 4) == MAGIC_COOKIE;
    }

    public static boolean looksLikeStun(byte[] packet) {
        return looksLikeStun(packet, 0, packet.length);
    }

    public static StunParseResult decode(byte[] packet) {
        return decode(packet, 0, packet.length);
    }

    /** Reads the buffer's remaining bytes without moving its position. */
    public static StunParseResult decode(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return decode(bytes, 0, bytes.length);
    }

    /** Bytes past Message Length are ignored: a stream framer or a padded datagram may leave them. */
    public static StunParseResult decode(byte[] packet, int offset, int length) {
        if (packet == null || offset < 0 || length < 0 || offset > packet.length - length) {
            return error(StunParseError.Reason.TOO_SHORT, "no bytes in range");
        }
        if (length < HEADER_LENGTH) {
            return error(StunParseError.Reason.TOO_SHORT, length + " bytes, the header alone has 20");
        }
        if ((packet[offset] & 0xC0) != 0) {
            return error(StunParseError.Reason.NOT_STUN, "first two bits are not 00");
        }
        if (readInt(packet, offset + 4) != MAGIC_COOKIE) {
            return error(StunParseError.Reason.BAD_MAGIC_COOKIE, "magic cookie is not 0x2112A442");
        }
        int bodyLength = readShort(packet, offset + 2);
        if (bodyLength % 4 != 0 || HEADER_LENGTH + bodyLength > length) {
            return error(StunParseError.Reason.BAD_LENGTH,
                    "message length " + bodyLength + " with " + (length - HEADER_LENGTH) + " bytes after the header");
        }
        int messageType = readShort(packet, offset);
        var method = StunMethod.fromCode(StunMethod.methodBits(messageType));
        if (method.isEmpty()) {
            return error(StunParseError.Reason.UNKNOWN_METHOD,
                    String.format("method 0x%03X", StunMethod.methodBits(messageType)));
        }
        byte[] raw = Arrays.copyOfRange(packet, offset, offset + HEADER_LENGTH + bodyLength);
        List<StunAttribute> attributes = new ArrayList<>();
        StunParseError attributeError = readAttributes(raw, attributes);
        if (attributeError != null) {
            return attributeError;
        }
        return new StunMessage(StunClass.fromBits(StunMethod.classBits(messageType)), method.get(),
                TransactionId.of(Arrays.copyOfRange(raw, 8, 20)), attributes, raw);
    }

    /** Fills the list in wire order and returns null, or says what is wrong. Attributes in order; those after MESSAGE-INTEGRITY other than the SHA-256 one and FINGERPRINT are ignored (RFC 8489 §14.5). */
    private static StunParseError readAttributes(byte[] raw, List<StunAttribute> list) {
        boolean integritySeen = false;
        boolean integritySha256Seen = false;
        boolean fingerprintSeen = false;
        int position = HEADER_LENGTH;
        while (position < raw.length) {
            if (fingerprintSeen) {
                return error(StunParseError.Reason.FINGERPRINT_NOT_LAST, "attribute after FINGERPRINT");
            }
            if (raw.length - position < 4) {
                return error(StunParseError.Reason.TRUNCATED_ATTRIBUTE, "attribute header cut at " + position);
            }
            int type = readShort(raw, position);
            int valueLength = readShort(raw, position + 2);
            if (position + 4 + valueLength > raw.length) {
                return error(StunParseError.Reason.TRUNCATED_ATTRIBUTE,
                        AttributeType.name(type) + " of " + valueLength + " bytes runs past the message");
            }
            byte[] value = Arrays.copyOfRange(raw, position + 4, position + 4 + valueLength);
            String invalid = invalidValue(type, value);
            boolean ignored = (integritySha256Seen && type != AttributeType.FINGERPRINT)
                    || (integritySeen && type != AttributeType.FINGERPRINT
                    && type != AttributeType.MESSAGE_INTEGRITY_SHA256);
            if (!ignored) {
                if (invalid != null) {
                    return error(StunParseError.Reason.BAD_ATTRIBUTE_VALUE, AttributeType.name(type) + ": " + invalid);
                }
                list.add(new StunAttribute(type, value, position));
                integritySeen |= type == AttributeType.MESSAGE_INTEGRITY;
                integritySha256Seen |= type == AttributeType.MESSAGE_INTEGRITY_SHA256;
                fingerprintSeen |= type == AttributeType.FINGERPRINT;
            }
            position += 4 + ((valueLength + 3) & ~3);
        }
        return null;
    }

    /** Why a known attribute's value cannot be right, or null when it can. */
    private static String invalidValue(int type, byte[] value) {
        OptionalInt fixed = AttributeType.fixedLength(type);
        if (fixed.isPresent() && value.length != fixed.getAsInt()) {
            return "length " + value.length + ", must be " + fixed.getAsInt();
        }
        switch (type) {
            case AttributeType.MAPPED_ADDRESS, AttributeType.XOR_MAPPED_ADDRESS, AttributeType.XOR_PEER_ADDRESS,
                    AttributeType.XOR_RELAYED_ADDRESS, AttributeType.ALTERNATE_SERVER -> {
                return StunAddress.isWellFormed(value) ? null : "not an IPv4 or IPv6 address value";
            }
            case AttributeType.MESSAGE_INTEGRITY_SHA256 -> {
                // §14.6: 16 to 32 bytes, a multiple of 4 (a truncated HMAC).
                return value.length >= 16 && value.length <= 32 && value.length % 4 == 0
                        ? null : "length " + value.length + ", must be 16-32 in steps of 4";
            }
            case AttributeType.ERROR_CODE -> {
                return StunErrorCode.decode(value).isPresent() ? null : "not a class 3-6 code with number 0-99";
            }
            case AttributeType.UNKNOWN_ATTRIBUTES -> {
                return value.length % 2 == 0 ? null : "odd length";
            }
            default -> {
                return null;
            }
        }
    }

    private static StunParseError error(StunParseError.Reason reason, String detail) {
        return new StunParseError(reason, detail);
    }
}
