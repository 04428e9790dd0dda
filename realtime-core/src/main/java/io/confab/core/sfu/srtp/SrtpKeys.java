package io.confab.core.sfu.srtp;

import java.util.Arrays;
import java.util.Objects;

/**
 * One side's SRTP master key and master salt (RFC 3711 §3.2.1), as DTLS-SRTP exports them. The
 * arrays are copied in and out so no caller can change a session's keys behind its back, and
 * {@link #toString()} never prints them.
 */
public record SrtpKeys(byte[] masterKey, byte[] masterSalt) {

    public SrtpKeys {
        masterKey = Objects.requireNonNull(masterKey, "masterKey").clone();
        masterSalt = Objects.requireNonNull(masterSalt, "masterSalt").clone();
    }

    @Override
    public byte[] masterKey() {
        return masterKey.clone();
    }

    @Override
    public byte[] masterSalt() {
        return masterSalt.clone();
    }

    /** Whether the lengths are the ones the profile fixes. */
    public boolean fits(SrtpProfile profile) {
        return masterKey.length == profile.keyLength() && masterSalt.length == profile.saltLength();
    }

    void requireFits(SrtpProfile profile) {
        if (!fits(profile)) {
            throw new IllegalArgumentException(profile + " needs a " + profile.keyLength() + "-byte key and a "
                    + profile.saltLength() + "-byte salt, got " + masterKey.length + " and " + masterSalt.length);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SrtpKeys keys
                && Arrays.equals(masterKey, keys.masterKey) && Arrays.equals(masterSalt, keys.masterSalt);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(masterKey) + Arrays.hashCode(masterSalt);
    }

    @Override
    public String toString() {
        return "SrtpKeys[" + masterKey.length + "-byte key, " + masterSalt.length + "-byte salt]";
    }
}
