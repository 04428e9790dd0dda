package io.confab.core.sfu.srtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** RFC 5764 §4.2: one exporter output, split by role, gives each side the other's receive keys. */
class DtlsSrtpKeysTest {

    static byte[] exported(SrtpProfile profile) {
        byte[] material = new byte[profile.exporterLength()];
        for (int i = 0; i < material.length; i++) {
            material[i] = (byte) (i + 1);
        }
        return material;
    }

    @Test
    void splitsAesCmMaterialInTheOrderOfRfc5764() {
        SrtpProfile profile = SrtpProfile.AES_CM_128_HMAC_SHA1_80;
        byte[] material = exported(profile);

        DtlsSrtpKeys client = DtlsSrtpKeys.forClient(profile, material);

        // client_write_key | server_write_key | client_write_salt | server_write_salt
        assertArrayEquals(Arrays.copyOfRange(material, 0, 16), client.local().masterKey());
        assertArrayEquals(Arrays.copyOfRange(material, 16, 32), client.remote().masterKey());
        assertArrayEquals(Arrays.copyOfRange(material, 32, 46), client.local().masterSalt());
        assertArrayEquals(Arrays.copyOfRange(material, 46, 60), client.remote().masterSalt());
        DtlsSrtpKeys server = DtlsSrtpKeys.forServer(profile, material);
        assertEquals(client.local(), server.remote());
        assertEquals(client.remote(), server.local());
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void eachSideReadsWhatTheOtherProtects(SrtpProfile profile) {
        byte[] material = exported(profile);
        DtlsSrtpKeys client = DtlsSrtpKeys.split(profile, material, true);
        DtlsSrtpKeys server = DtlsSrtpKeys.split(profile, material, false);
        byte[] payload = Packets.payload(30, 1);

        byte[] fromClient = SrtpSessionTest.send(client.outbound(), 77, 1, payload);
        byte[] fromServer = SrtpSessionTest.send(server.outbound(), 88, 1, payload);

        assertEquals(42, SrtpSessionTest.receive(server.inbound(), fromClient));
        assertEquals(42, SrtpSessionTest.receive(client.inbound(), fromServer));
        assertEquals(SrtpFailure.AUTH_FAILED.code(), SrtpSessionTest.receive(client.inbound(), fromClient),
                "a side must not accept its own packets");
        byte[] rtcp = Packets.rtcp(77, new byte[12]);
        int length = client.outbound().protectRtcp(rtcp, 0, 20);
        assertEquals(20, server.inbound().unprotectRtcp(rtcp, 0, length));
    }

    @Test
    void refusesMaterialOfAnotherLength() {
        assertThrows(IllegalArgumentException.class,
                () -> DtlsSrtpKeys.forClient(SrtpProfile.AEAD_AES_128_GCM, new byte[60]));
        assertThrows(IllegalArgumentException.class,
                () -> DtlsSrtpKeys.forServer(SrtpProfile.AES_CM_128_HMAC_SHA1_80, new byte[56]));
    }

    @Test
    void sessionsRefuseKeysOfTheWrongLengths() {
        SrtpKeys gcmKeys = Packets.keys(SrtpProfile.AEAD_AES_128_GCM, 1);

        assertThrows(IllegalArgumentException.class,
                () -> new OutboundSrtpSession(SrtpProfile.AES_CM_128_HMAC_SHA1_80, gcmKeys));
        assertThrows(IllegalArgumentException.class,
                () -> new InboundSrtpSession(SrtpProfile.AES_CM_128_HMAC_SHA1_80, gcmKeys));
    }

    @Test
    void keysAreCopiedAndNeverPrinted() {
        byte[] key = new byte[16];
        SrtpKeys keys = new SrtpKeys(key, new byte[14]);
        key[0] = 1;
        keys.masterKey()[1] = 1;

        assertArrayEquals(new byte[16], keys.masterKey());
        assertEquals("SrtpKeys[16-byte key, 14-byte salt]", keys.toString());
        assertEquals(new SrtpKeys(new byte[16], new byte[14]), keys);
    }
}
