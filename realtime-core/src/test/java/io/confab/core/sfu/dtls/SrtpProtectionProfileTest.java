package io.confab.core.sfu.dtls;

import static io.confab.core.sfu.dtls.SrtpProtectionProfile.AEAD_AES_128_GCM;
import static io.confab.core.sfu.dtls.SrtpProtectionProfile.AEAD_AES_256_GCM;
import static io.confab.core.sfu.dtls.SrtpProtectionProfile.AES_CM_128_HMAC_SHA1_80;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SrtpProtectionProfileTest {

    @Test
    void keyingMaterialLengthsAreTwiceKeyPlusSalt() {
        // RFC 5764 §4.1.2: AES-CM-128 has a 128-bit key and 112-bit salt; RFC 7714 §12: GCM salts are 96 bits.
        assertEquals(0x0001, AES_CM_128_HMAC_SHA1_80.id());
        assertEquals(60, AES_CM_128_HMAC_SHA1_80.keyingMaterialLength());
        assertEquals(0x0007, AEAD_AES_128_GCM.id());
        assertEquals(56, AEAD_AES_128_GCM.keyingMaterialLength());
        assertEquals(88, AEAD_AES_256_GCM.keyingMaterialLength());
    }

    @Test
    void findsProfilesByTheirUseSrtpValue() {
        assertEquals(Optional.of(AEAD_AES_128_GCM), SrtpProtectionProfile.ofId(0x0007));
        assertEquals(Optional.empty(), SrtpProtectionProfile.ofId(0x0005));
    }

    @Test
    void picksTheFirstOfOurPreferencesThePeerAlsoHas() {
        List<SrtpProtectionProfile> ours = List.of(AEAD_AES_128_GCM, AES_CM_128_HMAC_SHA1_80);
        assertEquals(Optional.of(AEAD_AES_128_GCM), SrtpProtectionProfile.firstShared(ours, new int[] {0x0001, 0x0007}));
        assertEquals(Optional.of(AES_CM_128_HMAC_SHA1_80), SrtpProtectionProfile.firstShared(ours, new int[] {0x0002, 0x0001}));
        assertEquals(Optional.empty(), SrtpProtectionProfile.firstShared(ours, new int[] {0x0002, 0x0008, 0xFFFF}));
        assertEquals(Optional.empty(), SrtpProtectionProfile.firstShared(ours, new int[0]));
        assertEquals(Optional.empty(), SrtpProtectionProfile.firstShared(ours, null));
    }
}
