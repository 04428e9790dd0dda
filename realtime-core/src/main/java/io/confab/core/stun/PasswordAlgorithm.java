package io.confab.core.stun;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;

/** The key derivations of RFC 8489 §18.5 (PASSWORD-ALGORITHM registry), for long-term credentials. */
public enum PasswordAlgorithm {
    MD5(0x0001, "MD5"),
    SHA_256(0x0002, "SHA-256");

    private final int code;
    private final String digest;

    PasswordAlgorithm(int code, String digest) {
        this.code = code;
        this.digest = digest;
    }

    public int code() {
        return code;
    }

    String digestName() {
        return digest;
    }

    /** The PASSWORD-ALGORITHMS value (§14.11): each algorithm with an empty parameter list. */
    public static byte[] encodeAll(List<PasswordAlgorithm> algorithms) {
        ByteBuffer value = ByteBuffer.allocate(4 * algorithms.size());
        algorithms.forEach(a -> value.putShort((short) a.code).putShort((short) 0));
        return value.array();
    }

    public static Optional<PasswordAlgorithm> fromCode(int code) {
        for (PasswordAlgorithm algorithm : values()) {
            if (algorithm.code == code) {
                return Optional.of(algorithm);
            }
        }
        return Optional.empty();
    }
}
