package io.confab.core.sfu.dtls;

import io.confab.core.sfu.srtp.SrtpProfile;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * What one DTLS-SRTP handshake needs from signaling and configuration: our role (from a=setup),
 * our certificate, the peer's a=fingerprint, the SRTP profiles we offer or accept in preference
 * order, and how long the handshake may take.
 */
public record DtlsParameters(DtlsRole role, DtlsCertificate certificate, Fingerprint remoteFingerprint,
        List<SrtpProfile> srtpProfiles, Duration handshakeTimeout) {

    /**
     * AES-CM-80 first (RFC 8827 §6.5's mandatory profile), AEAD for peers that offer only that. On
     * Java 17 the JDK's GCM builds a new engine on every {@code Cipher.init}, i.e. per packet (1,104
     * bytes); it costs the sending thread less than AES-CTR plus HMAC-SHA1 (SrtpProtectBenchmark,
     * 2026-12-05); the whole SFU process forwarded as many packets per CPU-second with either first
     * in the bench pair of 2026-12-06 (the SFU's README.md, "SRTP profile"), so the mandatory one
     * without per-packet garbage stays first.
     */
    public static final List<SrtpProfile> WEBRTC_PROFILES =
            List.of(SrtpProfile.AES_CM_128_HMAC_SHA1_80, SrtpProfile.AEAD_AES_128_GCM);

    /**
     * DTLS retransmits after 1 s and doubles (RFC 6347 §4.2.4.1), so 30 s lets a lost flight be
     * sent four more times; and 20 participants joining at once (40 handshakes on 2 cores) finished
     * within it, where 10 s abandoned 11 of 40 (confab bench captions, 2026-12-04). The SFU takes
     * its value from realtime-core's reference file; the bot uses this one.
     */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(30);

    /** @throws IllegalArgumentException on a null, empty, duplicated or out-of-range value */
    public DtlsParameters {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(remoteFingerprint, "remoteFingerprint");
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
        if (srtpProfiles == null || srtpProfiles.isEmpty() || srtpProfiles.stream().anyMatch(Objects::isNull)) {
            throw new IllegalArgumentException("at least one SRTP protection profile is needed");
        }
        if (new HashSet<>(srtpProfiles).size() != srtpProfiles.size()) {
            throw new IllegalArgumentException("SRTP protection profiles listed twice: " + srtpProfiles);
        }
        srtpProfiles = List.copyOf(srtpProfiles);
        if (handshakeTimeout.isNegative() || handshakeTimeout.isZero()
                || handshakeTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("handshakeTimeout must be between 1 ms and ~24 days, not " + handshakeTimeout);
        }
    }

    /** The WebRTC defaults: {@link #WEBRTC_PROFILES} and {@link #DEFAULT_HANDSHAKE_TIMEOUT}. */
    public static DtlsParameters webRtc(DtlsRole role, DtlsCertificate certificate, Fingerprint remoteFingerprint) {
        return new DtlsParameters(role, certificate, remoteFingerprint, WEBRTC_PROFILES, DEFAULT_HANDSHAKE_TIMEOUT);
    }

    /** The same parameters with another timeout: what is left of it when a handshake task begins. */
    DtlsParameters withHandshakeTimeout(Duration timeout) {
        return new DtlsParameters(role, certificate, remoteFingerprint, srtpProfiles, timeout);
    }

    int handshakeTimeoutMillis() {
        return (int) Math.max(1, handshakeTimeout.toMillis());
    }

    int[] srtpProfileIds() {
        return srtpProfiles.stream().mapToInt(SrtpProfile::id).toArray();
    }
}
