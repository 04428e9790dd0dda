package io.confab.core.sfu.srtp;

import java.util.Arrays;
import java.util.Objects;

/**
 * The keys a DTLS-SRTP handshake yields for one transport: ours to protect what we send, the
 * peer's to unprotect what we receive (RFC 5764 §4.2).
 */
public record DtlsSrtpKeys(SrtpProfile profile, SrtpKeys local, SrtpKeys remote) {
    /** The exporter label of RFC 5764 §4.2, passed to the TLS exporter with no context. */
    public static final String EXPORTER_LABEL = "EXTRACTOR-dtls_srtp";

    public DtlsSrtpKeys {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(local, "local").requireFits(profile);
        Objects.requireNonNull(remote, "remote").requireFits(profile);
    }

    /**
     * Splits exported keying material laid out as client_write_key | server_write_key |
     * client_write_salt | server_write_salt (RFC 5764 §4.2). The client writes with the client
     * keys, so a client's local keys are the server's remote ones.
     *
     * @throws IllegalArgumentException if the material is not {@link SrtpProfile#exporterLength()} bytes
     */
    public static DtlsSrtpKeys split(SrtpProfile profile, byte[] exported, boolean localIsClient) {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(exported, "exported");
        if (exported.length != profile.exporterLength()) {
            throw new IllegalArgumentException(profile + " exports " + profile.exporterLength()
                    + " bytes, got " + exported.length);
        }
        int key = profile.keyLength();
        int salt = profile.saltLength();
        SrtpKeys client = new SrtpKeys(Arrays.copyOfRange(exported, 0, key),
                Arrays.copyOfRange(exported, 2 * key, 2 * key + salt));
        SrtpKeys server = new SrtpKeys(Arrays.copyOfRange(exported, key, 2 * key),
                Arrays.copyOfRange(exported, 2 * key + salt, 2 * key + 2 * salt));
        return localIsClient ? new DtlsSrtpKeys(profile, client, server) : new DtlsSrtpKeys(profile, server, client);
    }

    public static DtlsSrtpKeys forClient(SrtpProfile profile, byte[] exported) {
        return split(profile, exported, true);
    }

    public static DtlsSrtpKeys forServer(SrtpProfile profile, byte[] exported) {
        return split(profile, exported, false);
    }

    /** A session protecting what this side sends. */
    public OutboundSrtpSession outbound() {
        return new OutboundSrtpSession(profile, local);
    }

    /** A session unprotecting what the peer sends. */
    public InboundSrtpSession inbound() {
        return new InboundSrtpSession(profile, remote);
    }
}
