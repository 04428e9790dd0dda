package io.confab.core.stun;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The 96-bit transaction ID (RFC 8489 §5). It must be uniformly random for requests, because it
 * also masks XOR-MAPPED-ADDRESS for IPv6 and matches responses to requests.
 */
public final class TransactionId {
    public static final int LENGTH = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final byte[] bytes;

    private TransactionId(byte[] bytes) {
        this.bytes = bytes;
    }

    public static TransactionId of(byte[] bytes) {
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("a transaction ID has 12 bytes, not " + bytes.length);
        }
        return new TransactionId(bytes.clone());
    }

    public static TransactionId random() {
        byte[] bytes = new byte[LENGTH];
        RANDOM.nextBytes(bytes);
        return new TransactionId(bytes);
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    byte get(int index) {
        return bytes[index];
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TransactionId id && Arrays.equals(bytes, id.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return HexFormat.of().formatHex(bytes);
    }
}
