package io.confab.core.sfu.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.confab.core.sfu.srtp.SrtpProfile;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DtlsHandshakeResultTest {

    private static byte[] counting(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) i;
        }
        return bytes;
    }

    private static byte[] range(int from, int to) {
        return Arrays.copyOfRange(counting(to), from, to);
    }

    @Test
    void splitsKeyingMaterialInRfc5764Order() {
        // RFC 5764 §4.2: client_write_SRTP_master_key | server_write_SRTP_master_key
        //              | client_write_SRTP_master_salt | server_write_SRTP_master_salt
        DtlsHandshakeResult client = new DtlsHandshakeResult(DtlsRole.CLIENT,
                SrtpProfile.AES_CM_128_HMAC_SHA1_80, counting(60));
        assertArrayEquals(range(0, 16), client.clientMasterKey());
        assertArrayEquals(range(16, 32), client.serverMasterKey());
        assertArrayEquals(range(32, 46), client.clientMasterSalt());
        assertArrayEquals(range(46, 60), client.serverMasterSalt());
        assertArrayEquals(client.clientMasterKey(), client.localMasterKey());
        assertArrayEquals(client.serverMasterSalt(), client.remoteMasterSalt());

        DtlsHandshakeResult server = new DtlsHandshakeResult(DtlsRole.SERVER,
                SrtpProfile.AEAD_AES_128_GCM, counting(56));
        assertArrayEquals(range(16, 32), server.localMasterKey());
        assertArrayEquals(range(44, 56), server.localMasterSalt());
        assertArrayEquals(range(0, 16), server.remoteMasterKey());
        assertArrayEquals(range(32, 44), server.remoteMasterSalt());
        assertEquals(0x0007, server.profile().id());
    }

    @Test
    void refusesMaterialOfTheWrongLength() {
        assertThrows(IllegalArgumentException.class,
                () -> new DtlsHandshakeResult(DtlsRole.CLIENT, SrtpProfile.AEAD_AES_128_GCM, new byte[60]));
    }

    @Test
    void keepsKeysOutOfToString() {
        DtlsHandshakeResult result = new DtlsHandshakeResult(DtlsRole.CLIENT,
                SrtpProfile.AEAD_AES_128_GCM, new byte[56]);
        assertFalse(result.toString().contains("[B@"), result.toString());
        assertEquals(result, new DtlsHandshakeResult(DtlsRole.CLIENT, SrtpProfile.AEAD_AES_128_GCM, new byte[56]));
    }
}
