package io.confab.core.stun;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Writes a STUN message. Attributes go out in the order added, padded with zeros to 4 bytes;
 * MESSAGE-INTEGRITY, MESSAGE-INTEGRITY-SHA256 and FINGERPRINT always go last and in that order,
 * because each covers everything before it (RFC 8489 §14.5-§14.7).
 */
public final class StunMessageBuilder {
    /** The attribute length field has 16 bits (RFC 8489 §14). */
    private static final int MAX_VALUE_LENGTH = 0xFFFF;

    private final StunClass stunClass;
    private final StunMethod method;
    private final TransactionId transactionId;
    private final List<Integer> types = new ArrayList<>();
    private final List<byte[]> values = new ArrayList<>();
    private IntegrityKey integrityKey;
    private IntegrityKey integritySha256Key;
    private boolean fingerprint;

    public StunMessageBuilder(StunClass stunClass, StunMethod method, TransactionId transactionId) {
        this.stunClass = Objects.requireNonNull(stunClass, "stunClass");
        this.method = Objects.requireNonNull(method, "method");
        this.transactionId = Objects.requireNonNull(transactionId, "transactionId");
    }

    /** A response (or error response) to a request: same method and transaction ID. */
    public static StunMessageBuilder answering(StunMessage request, StunClass responseClass) {
        return new StunMessageBuilder(responseClass, request.method(), request.transactionId());
    }

    public StunMessageBuilder add(int type, byte[] value) {
        if (value.length > MAX_VALUE_LENGTH) {
            throw new IllegalArgumentException(AttributeType.name(type) + " value of " + value.length + " bytes");
        }
        types.add(type);
        values.add(value.clone());
        return this;
    }

    public StunMessageBuilder addText(int type, String text) {
        return add(type, text.getBytes(StandardCharsets.UTF_8));
    }

    public StunMessageBuilder username(String username) {
        return addText(AttributeType.USERNAME, username);
    }

    public StunMessageBuilder realm(String realm) {
        return addText(AttributeType.REALM, realm);
    }

    public StunMessageBuilder nonce(String nonce) {
        return addText(AttributeType.NONCE, nonce);
    }

    public StunMessageBuilder software(String software) {
        return addText(AttributeType.SOFTWARE, software);
    }

    public StunMessageBuilder errorCode(StunErrorCode errorCode) {
        return add(AttributeType.ERROR_CODE, errorCode.encode());
    }

    public StunMessageBuilder unknownAttributes(List<Integer> unknown) {
        ByteBuffer value = ByteBuffer.allocate(2 * unknown.size());
        unknown.forEach(type -> value.putShort(type.shortValue()));
        return add(AttributeType.UNKNOWN_ATTRIBUTES, value.array());
    }

    public StunMessageBuilder mappedAddress(InetSocketAddress address) {
        return add(AttributeType.MAPPED_ADDRESS, StunAddress.encode(address));
    }

    public StunMessageBuilder alternateServer(InetSocketAddress address) {
        return add(AttributeType.ALTERNATE_SERVER, StunAddress.encode(address));
    }

    public StunMessageBuilder xorMappedAddress(InetSocketAddress address) {
        return add(AttributeType.XOR_MAPPED_ADDRESS, StunAddress.encodeXor(address, transactionId));
    }

    public StunMessageBuilder xorPeerAddress(InetSocketAddress address) {
        return add(AttributeType.XOR_PEER_ADDRESS, StunAddress.encodeXor(address, transactionId));
    }

    public StunMessageBuilder xorRelayedAddress(InetSocketAddress address) {
        return add(AttributeType.XOR_RELAYED_ADDRESS, StunAddress.encodeXor(address, transactionId));
    }

    public StunMessageBuilder passwordAlgorithms(List<PasswordAlgorithm> algorithms) {
        return add(AttributeType.PASSWORD_ALGORITHMS, PasswordAlgorithm.encodeAll(algorithms));
    }

    public StunMessageBuilder passwordAlgorithm(PasswordAlgorithm algorithm) {
        return add(AttributeType.PASSWORD_ALGORITHM, ByteBuffer.allocate(4).putShort((short) algorithm.code()).array());
    }

    public StunMessageBuilder userhash(byte[] userhash) {
        return add(AttributeType.USERHASH, userhash);
    }

    public StunMessageBuilder lifetime(Duration lifetime) {
        return add(AttributeType.LIFETIME, ByteBuffer.allocate(4).putInt((int) lifetime.toSeconds()).array());
    }

    public StunMessageBuilder channelNumber(int channel) {
        return add(AttributeType.CHANNEL_NUMBER, ByteBuffer.allocate(4).putShort((short) channel).array());
    }

    public StunMessageBuilder requestedTransport(int protocol) {
        return add(AttributeType.REQUESTED_TRANSPORT, new byte[] {(byte) protocol, 0, 0, 0});
    }

    public StunMessageBuilder requestedAddressFamily(int family) {
        return add(AttributeType.REQUESTED_ADDRESS_FAMILY, new byte[] {(byte) family, 0, 0, 0});
    }

    public StunMessageBuilder evenPort(boolean reserveNext) {
        return add(AttributeType.EVEN_PORT, new byte[] {(byte) (reserveNext ? 0x80 : 0)});
    }

    public StunMessageBuilder dontFragment() {
        return add(AttributeType.DONT_FRAGMENT, new byte[0]);
    }

    public StunMessageBuilder reservationToken(byte[] token) {
        return add(AttributeType.RESERVATION_TOKEN, token);
    }

    public StunMessageBuilder data(byte[] data) {
        return add(AttributeType.DATA, data);
    }

    public StunMessageBuilder priority(long priority) {
        return add(AttributeType.PRIORITY, ByteBuffer.allocate(4).putInt((int) priority).array());
    }

    public StunMessageBuilder useCandidate() {
        return add(AttributeType.USE_CANDIDATE, new byte[0]);
    }

    public StunMessageBuilder iceControlling(long tieBreaker) {
        return add(AttributeType.ICE_CONTROLLING, ByteBuffer.allocate(8).putLong(tieBreaker).array());
    }

    public StunMessageBuilder iceControlled(long tieBreaker) {
        return add(AttributeType.ICE_CONTROLLED, ByteBuffer.allocate(8).putLong(tieBreaker).array());
    }

    public StunMessageBuilder messageIntegrity(IntegrityKey key) {
        this.integrityKey = key;
        return this;
    }

    public StunMessageBuilder messageIntegritySha256(IntegrityKey key) {
        this.integritySha256Key = key;
        return this;
    }

    public StunMessageBuilder fingerprint() {
        this.fingerprint = true;
        return this;
    }

    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(ByteBuffer.allocate(StunDecoder.HEADER_LENGTH)
                .putShort((short) method.messageType(stunClass)).putShort((short) 0)
                .putInt(StunDecoder.MAGIC_COOKIE).put(transactionId.bytes()).array());
        for (int i = 0; i < values.size(); i++) {
            writeAttribute(out, types.get(i), values.get(i));
        }
        if (integrityKey != null) {
            byte[] soFar = out.toByteArray();
            writeAttribute(out, AttributeType.MESSAGE_INTEGRITY,
                    MessageIntegrity.hmac("HmacSHA1", integrityKey, soFar, soFar.length, MessageIntegrity.SHA1_LENGTH));
        }
        if (integritySha256Key != null) {
            byte[] soFar = out.toByteArray();
            writeAttribute(out, AttributeType.MESSAGE_INTEGRITY_SHA256,
                    MessageIntegrity.hmac("HmacSHA256", integritySha256Key, soFar, soFar.length, 32));
        }
        if (fingerprint) {
            byte[] soFar = out.toByteArray();
            int crc = MessageIntegrity.fingerprint(soFar, soFar.length);
            writeAttribute(out, AttributeType.FINGERPRINT, ByteBuffer.allocate(4).putInt(crc).array());
        }
        byte[] message = out.toByteArray();
        int length = message.length - StunDecoder.HEADER_LENGTH;
        if (length > 0xFFFF) {
            throw new IllegalStateException("message body of " + length + " bytes does not fit the length field");
        }
        message[2] = (byte) (length >>> 8);
        message[3] = (byte) length;
        return message;
    }

    private static void writeAttribute(ByteArrayOutputStream out, int type, byte[] value) {
        out.writeBytes(ByteBuffer.allocate(4).putShort((short) type).putShort((short) value.length).array());
        out.writeBytes(value);
        out.writeBytes(new byte[(4 - value.length % 4) % 4]);
    }
}
