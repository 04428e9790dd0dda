package io.confab.core.sfu.dtls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.confab.core.sfu.srtp.SrtpProfile;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DtlsParametersTest {
    private static final DtlsCertificate CERTIFICATE = DtlsCertificate.generate("test");

    @Test
    void webRtcDefaultsPreferAesCmThenAead() {
        DtlsParameters parameters = DtlsParameters.webRtc(DtlsRole.SERVER, CERTIFICATE, CERTIFICATE.fingerprint());
        assertEquals(List.of(SrtpProfile.AES_CM_128_HMAC_SHA1_80, SrtpProfile.AEAD_AES_128_GCM),
                parameters.srtpProfiles());
        assertEquals(Duration.ofSeconds(30), parameters.handshakeTimeout());
    }

    @Test
    void refusesEmptyDuplicatedOrNonsenseSettings() {
        Fingerprint remote = CERTIFICATE.fingerprint();
        Duration second = Duration.ofSeconds(1);
        assertThrows(IllegalArgumentException.class,
                () -> new DtlsParameters(DtlsRole.CLIENT, CERTIFICATE, remote, List.of(), second));
        assertThrows(IllegalArgumentException.class, () -> new DtlsParameters(DtlsRole.CLIENT, CERTIFICATE, remote,
                List.of(SrtpProfile.AEAD_AES_128_GCM, SrtpProfile.AEAD_AES_128_GCM), second));
        assertThrows(IllegalArgumentException.class, () -> new DtlsParameters(DtlsRole.CLIENT, CERTIFICATE, remote,
                DtlsParameters.WEBRTC_PROFILES, Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> new DtlsParameters(DtlsRole.CLIENT, CERTIFICATE, remote,
                DtlsParameters.WEBRTC_PROFILES, Duration.ofDays(100)));
        assertThrows(NullPointerException.class, () -> new DtlsParameters(DtlsRole.CLIENT, CERTIFICATE, null,
                DtlsParameters.WEBRTC_PROFILES, second));
    }

    @Test
    void setupAttributeGivesTheRole() {
        // RFC 5763 §5: the "active" side is the DTLS client, the "passive" side the server.
        assertEquals(Optional.of(DtlsRole.CLIENT), DtlsRole.ofSetup("active"));
        assertEquals(Optional.of(DtlsRole.SERVER), DtlsRole.ofSetup(" PASSIVE "));
        assertEquals(Optional.empty(), DtlsRole.ofSetup("actpass"));
        assertEquals(Optional.empty(), DtlsRole.ofSetup(null));
        assertEquals(DtlsRole.SERVER, DtlsRole.CLIENT.opposite());
    }
}
