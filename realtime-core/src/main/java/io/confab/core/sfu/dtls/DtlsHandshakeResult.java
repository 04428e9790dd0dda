package io.confab.core.sfu.dtls;

import io.confab.core.sfu.srtp.SrtpProfile;
import java.util.Arrays;
import java.util.Objects;

/**
 * What a completed DTLS-SRTP handshake hands the SRTP stage: the negotiated protection profile and
 * the keying material exported with the label "EXTRACTOR-dtls_srtp" (RFC 5764 §4.2). The material
 * is laid out client key, server key, client salt, server salt; the local and remote accessors
 * pick by {@link #role()} so the encrypting side uses {@link #localMasterKey()} and the decrypting
 * side {@link #remoteMasterKey()}.
 */
public record DtlsHandshakeResult(DtlsRole role, SrtpProfile profile, byte[] keyingMaterial) {

    /** @throws IllegalArgumentException when the material is not the profile's length */
    public DtlsHandshakeResult {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(profile, "profile");
        if (keyingMaterial == null || keyingMaterial.length != profile.exporterLength()) {
            throw new IllegalArgumentException(profile + " needs " + profile.exporterLength() + " bytes of keying material");
        }
        keyingMaterial = keyingMaterial.clone();
    }

    public byte[] keyingMaterial() {
        return keyingMaterial.clone();
    }

    public byte[] clientMasterKey() {
        return slice(0, profile.keyLength());
    }

    public byte[] serverMasterKey() {
        return slice(profile.keyLength(), profile.keyLength());
    }

    public byte[] clientMasterSalt() {
        return slice(2 * profile.keyLength(), profile.saltLength());
    }

    public byte[] serverMasterSalt() {
        return slice(2 * profile.keyLength() + profile.saltLength(), profile.saltLength());
    }

    /** The key that protects what we send. */
    public byte[] localMasterKey() {
        return role == DtlsRole.CLIENT ? clientMasterKey() : serverMasterKey();
    }

    public byte[] localMasterSalt() {
        return role == DtlsRole.CLIENT ? clientMasterSalt() : serverMasterSalt();
    }

    /** The key that protects what the peer sends us. */
    public byte[] remoteMasterKey() {
        return role == DtlsRole.CLIENT ? serverMasterKey() : clientMasterKey();
    }

    public byte[] remoteMasterSalt() {
        return role == DtlsRole.CLIENT ? serverMasterSalt() : clientMasterSalt();
    }

    private byte[] slice(int from, int length) {
        return Arrays.copyOfRange(keyingMaterial, from, from + length);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DtlsHandshakeResult r && r.role == role && r.profile == profile
                && Arrays.equals(r.keyingMaterial, keyingMaterial);
    }

    @Override
    public int hashCode() {
        return Objects.hash(role, profile, Arrays.hashCode(keyingMaterial));
    }

    /** Keys stay out of logs. */
    @Override
    public String toString() {
        return "DtlsHandshakeResult[role=" + role + ", profile=" + profile + ", keyingMaterial=" + keyingMaterial.length + " bytes]";
    }
}
