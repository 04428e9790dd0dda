package io.confab.core.stun;

import io.confab.core.wire.NetworkOrder;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * A decoded STUN message (RFC 8489 §5): class, method, transaction ID, attributes in wire order,
 * and the bytes they came from. Typed accessors return empty both when an attribute is absent and
 * when its value cannot be read; {@link #has} tells the two apart when a 400 depends on it.
 */
public record StunMessage(StunClass stunClass, StunMethod method, TransactionId transactionId,
                          List<StunAttribute> attributes, byte[] raw) implements StunParseResult {

    public StunMessage {
        Objects.requireNonNull(stunClass, "stunClass");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(transactionId, "transactionId");
        attributes = List.copyOf(attributes);
        raw = raw.clone();
    }

    @Override
    public byte[] raw() {
        return raw.clone();
    }

    public boolean is(StunClass expectedClass, StunMethod expectedMethod) {
        return stunClass == expectedClass && method == expectedMethod;
    }

    public boolean has(int type) {
        return attribute(type).isPresent();
    }

    /** The first attribute of a type; RFC 8489 §14 has receivers use the first of duplicates. */
    public Optional<StunAttribute> attribute(int type) {
        for (StunAttribute attribute : attributes) {
            if (attribute.type() == type) {
                return Optional.of(attribute);
            }
        }
        return Optional.empty();
    }

    public List<StunAttribute> all(int type) {
        return attributes.stream().filter(a -> a.type() == type).toList();
    }

    /** Comprehension-required types the codec does not know, for a 420's UNKNOWN-ATTRIBUTES. */
    public List<Integer> unknownComprehensionRequired() {
        return attributes.stream().map(StunAttribute::type)
                .filter(t -> AttributeType.isComprehensionRequired(t) && !AttributeType.isKnown(t))
                .distinct().toList();
    }

    public Optional<String> username() {
        return text(AttributeType.USERNAME);
    }

    public Optional<byte[]> userhash() {
        return bytes(AttributeType.USERHASH);
    }

    public Optional<String> realm() {
        return text(AttributeType.REALM);
    }

    public Optional<String> nonce() {
        return text(AttributeType.NONCE);
    }

    public Optional<String> software() {
        return text(AttributeType.SOFTWARE);
    }

    public Optional<StunErrorCode> errorCode() {
        return bytes(AttributeType.ERROR_CODE).flatMap(StunErrorCode::decode);
    }

    public Optional<InetSocketAddress> mappedAddress() {
        return bytes(AttributeType.MAPPED_ADDRESS).flatMap(StunAddress::decode);
    }

    public Optional<InetSocketAddress> alternateServer() {
        return bytes(AttributeType.ALTERNATE_SERVER).flatMap(StunAddress::decode);
    }

    public Optional<InetSocketAddress> xorMappedAddress() {
        return xorAddress(AttributeType.XOR_MAPPED_ADDRESS);
    }

    public Optional<InetSocketAddress> xorRelayedAddress() {
        return xorAddress(AttributeType.XOR_RELAYED_ADDRESS);
    }

    /** CreatePermission may carry several (RFC 8656 §10). */
    public List<InetSocketAddress> xorPeerAddresses() {
        return all(AttributeType.XOR_PEER_ADDRESS).stream()
                .flatMap(a -> StunAddress.decodeXor(a.valueView(), transactionId).stream()).toList();
    }

    public Optional<InetSocketAddress> xorPeerAddress() {
        return xorAddress(AttributeType.XOR_PEER_ADDRESS);
    }

    public Optional<List<Integer>> unknownAttributes() {
        return bytes(AttributeType.UNKNOWN_ATTRIBUTES).map(value -> {
            List<Integer> types = new ArrayList<>();
            for (int i = 0; i + 1 < value.length; i += 2) {
                types.add(NetworkOrder.readShort(value, i));
            }
            return List.copyOf(types);
        });
    }

    /** Known algorithms in the server's order of preference; unknown codes are skipped. */
    public Optional<List<PasswordAlgorithm>> passwordAlgorithms() {
        return bytes(AttributeType.PASSWORD_ALGORITHMS).map(value -> {
            List<PasswordAlgorithm> algorithms = new ArrayList<>();
            int i = 0;
            while (i + 4 <= value.length) {
                PasswordAlgorithm.fromCode(NetworkOrder.readShort(value, i)).ifPresent(algorithms::add);
                i += 4 + ((NetworkOrder.readShort(value, i + 2) + 3) & ~3);
            }
            return List.copyOf(algorithms);
        });
    }

    public Optional<PasswordAlgorithm> passwordAlgorithm() {
        return bytes(AttributeType.PASSWORD_ALGORITHM).filter(v -> v.length >= 4)
                .flatMap(v -> PasswordAlgorithm.fromCode(NetworkOrder.readShort(v, 0)));
    }

    public Optional<Duration> lifetime() {
        return int32(AttributeType.LIFETIME).map(seconds -> Duration.ofSeconds(Integer.toUnsignedLong(seconds)));
    }

    /** The channel number in the first two bytes; the rest is RFFU (RFC 8656 §18.1). */
    public OptionalInt channelNumber() {
        return bytes(AttributeType.CHANNEL_NUMBER).map(v -> OptionalInt.of(NetworkOrder.readShort(v, 0)))
                .orElse(OptionalInt.empty());
    }

    /** The IANA protocol number, 17 for UDP (RFC 8656 §18.11). */
    public OptionalInt requestedTransport() {
        return bytes(AttributeType.REQUESTED_TRANSPORT).map(v -> OptionalInt.of(v[0] & 0xFF))
                .orElse(OptionalInt.empty());
    }

    /** 0x01 IPv4, 0x02 IPv6 (RFC 8656 §18.6). */
    public OptionalInt requestedAddressFamily() {
        return bytes(AttributeType.REQUESTED_ADDRESS_FAMILY).map(v -> OptionalInt.of(v[0] & 0xFF))
                .orElse(OptionalInt.empty());
    }

    /** Present: the R bit, asking to reserve the next port too (RFC 8656 §18.7). */
    public Optional<Boolean> evenPortReserveNext() {
        return bytes(AttributeType.EVEN_PORT).map(v -> (v[0] & 0x80) != 0);
    }

    public boolean dontFragment() {
        return has(AttributeType.DONT_FRAGMENT);
    }

    public Optional<byte[]> reservationToken() {
        return bytes(AttributeType.RESERVATION_TOKEN);
    }

    public Optional<byte[]> data() {
        return bytes(AttributeType.DATA);
    }

    public OptionalLong priority() {
        return int32(AttributeType.PRIORITY).map(p -> OptionalLong.of(Integer.toUnsignedLong(p)))
                .orElse(OptionalLong.empty());
    }

    public boolean useCandidate() {
        return has(AttributeType.USE_CANDIDATE);
    }

    /** The tie-breaker of an agent that says it is controlling (RFC 8445 §7.1.1). */
    public OptionalLong iceControlling() {
        return int64(AttributeType.ICE_CONTROLLING);
    }

    public OptionalLong iceControlled() {
        return int64(AttributeType.ICE_CONTROLLED);
    }

    private Optional<InetSocketAddress> xorAddress(int type) {
        return bytes(type).flatMap(v -> StunAddress.decodeXor(v, transactionId));
    }

    private Optional<byte[]> bytes(int type) {
        return attribute(type).map(StunAttribute::value);
    }

    private Optional<String> text(int type) {
        return attribute(type).map(a -> new String(a.valueView(), StandardCharsets.UTF_8));
    }

    private Optional<Integer> int32(int type) {
        return attribute(type).filter(a -> a.length() == 4).map(a -> NetworkOrder.readInt(a.valueView(), 0));
    }

    private OptionalLong int64(int type) {
        return attribute(type).filter(a -> a.length() == 8)
                .map(a -> OptionalLong.of(((long) NetworkOrder.readInt(a.valueView(), 0) << 32)
                        | Integer.toUnsignedLong(NetworkOrder.readInt(a.valueView(), 4))))
                .orElse(OptionalLong.empty());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StunMessage m && Arrays.equals(m.raw, raw);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(raw);
    }

    @Override
    public String toString() {
        return method + " " + stunClass + " " + transactionId + " " + attributes;
    }
}
