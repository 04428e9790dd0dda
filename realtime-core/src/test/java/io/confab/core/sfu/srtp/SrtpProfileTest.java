package io.confab.core.sfu.srtp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SrtpProfileTest {

    @Test
    void profilesCarryTheirDtlsSrtpIdsAndLengths() {
        SrtpProfile cm = SrtpProfile.AES_CM_128_HMAC_SHA1_80;
        SrtpProfile gcm = SrtpProfile.AEAD_AES_128_GCM;

        assertEquals(Optional.of(cm), SrtpProfile.byId(0x0001));
        assertEquals(Optional.of(gcm), SrtpProfile.byId(0x0007));
        assertEquals(Optional.empty(), SrtpProfile.byId(0x0002), "AES_CM_128_HMAC_SHA1_32 is not offered");
        assertEquals(Optional.empty(), SrtpProfile.byId(0x0008), "AEAD_AES_256_GCM is not offered");
        // RFC 5764 §4.2: 2 * (16 + 14) and, RFC 7714 §12, 2 * (16 + 12).
        assertEquals(60, cm.exporterLength());
        assertEquals(56, gcm.exporterLength());
        assertEquals(10, cm.tagLength());
        assertEquals(16, gcm.tagLength());
        assertEquals(14, cm.rtcpOverhead());
        assertEquals(20, gcm.rtcpOverhead());
        assertEquals(SrtpProfile.MAX_RTCP_OVERHEAD, Math.max(cm.rtcpOverhead(), gcm.rtcpOverhead()));
        assertEquals(SrtpProfile.MAX_RTP_OVERHEAD, Math.max(cm.rtpOverhead(), gcm.rtpOverhead()));
    }

    @Test
    void picksTheFirstOfOurPreferencesThePeerAlsoHas() {
        SrtpProfile cm = SrtpProfile.AES_CM_128_HMAC_SHA1_80;
        SrtpProfile gcm = SrtpProfile.AEAD_AES_128_GCM;
        List<SrtpProfile> ours = List.of(gcm, cm);
        assertEquals(Optional.of(gcm), SrtpProfile.firstShared(ours, new int[] {0x0001, 0x0007}));
        assertEquals(Optional.of(cm), SrtpProfile.firstShared(ours, new int[] {0x0002, 0x0001}));
        assertEquals(Optional.empty(), SrtpProfile.firstShared(ours, new int[] {0x0002, 0x0008, 0xFFFF}),
                "profiles Confab does not implement are never agreed on");
        assertEquals(Optional.empty(), SrtpProfile.firstShared(ours, new int[0]));
        assertEquals(Optional.empty(), SrtpProfile.firstShared(ours, null));
        assertEquals(Optional.of(cm), SrtpProfile.firstShared(List.of(cm), new int[] {0x0007, 0x0001}),
                "only what we accept, whatever the peer prefers");
    }

    @Test
    void failureCodesReadBackAsTheirReasons() {
        for (SrtpFailure failure : SrtpFailure.values()) {
            assertEquals(failure, SrtpFailure.of(failure.code()));
            assertEquals(true, SrtpFailure.isFailure(failure.code()));
        }
        assertEquals(false, SrtpFailure.isFailure(0));
        assertThrows(IllegalArgumentException.class, () -> SrtpFailure.of(12));
        assertThrows(IllegalArgumentException.class, () -> SrtpFailure.of(-100));
    }
}
