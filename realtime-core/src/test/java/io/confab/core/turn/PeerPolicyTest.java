package io.confab.core.turn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The "no open relay" rules of RFC 8656 §21.3.1 and issue 5. */
class PeerPolicyTest {

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "127.8.9.10", "::1", "10.0.0.1", "172.16.5.4", "172.31.255.255",
            "192.168.0.1", "169.254.169.254", "0.0.0.0", "0.1.2.3", "224.0.0.251", "239.1.1.1", "255.255.255.255",
            "100.64.0.1", "::", "fe80::1", "fc00::1", "fd12::1", "ff02::1", "::ffff:10.0.0.1", "::ffff:127.0.0.1",
            "198.18.0.1", "198.19.255.255", "::10.0.0.1", "::127.0.0.1", "::8.8.8.8", "64:ff9b::a00:1",
            "64:ff9b:1::a00:1", "64:ff9b:1:ffff::1"})
    void refusesSpecialPurposeAddressesByDefault(String peer) throws Exception {
        assertFalse(PeerPolicy.defaults().permits(ip(peer)), peer);
    }

    @ParameterizedTest
    @ValueSource(strings = {"203.0.113.5", "8.8.8.8", "172.32.0.1", "198.17.255.255", "198.20.0.0", "2001:db8::1",
            "2a00:1450::1", "64:ff9b:2::1"})
    void allowsPublicAddressesByDefault(String peer) throws Exception {
        assertTrue(PeerPolicy.defaults().permits(ip(peer)), peer);
    }

    @Test
    void loopbackSwitchOpensOnlyLoopback() throws Exception {
        PeerPolicy local = PeerPolicy.defaults().withLoopbackAllowed(true);
        assertTrue(local.permits(ip("127.0.0.1")));
        assertTrue(local.permits(ip("::1")));
        assertFalse(local.permits(ip("192.168.1.1")));
    }

    @Test
    void theServersOwnAddressIsReachableOnlyOnItsOpenPorts() throws Exception {
        InetAddress self = ip("203.0.113.9");
        PeerPolicy policy = PeerPolicy.defaults()
                .withAllowed(List.of(AddressBlock.parse("203.0.113.0/24")))
                .withOwn(java.util.Set.of(self), List.of(PeerPolicy.PortRange.of(10000), new PeerPolicy.PortRange(49152, 65535)));
        assertTrue(policy.permits(self), "a permission covers the address; the port is checked per datagram");
        assertTrue(policy.permits(new java.net.InetSocketAddress(self, 10000)), "the SFU");
        assertTrue(policy.permits(new java.net.InetSocketAddress(self, 50000)), "another relay");
        for (int closed : new int[] {5432, 9092, 3478, 53, 49151}) {
            assertFalse(policy.permits(new java.net.InetSocketAddress(self, closed)), "port " + closed
                    + " of the server's own address, allow-listed or not");
        }
        assertTrue(policy.permits(new java.net.InetSocketAddress(ip("203.0.113.8"), 5432)), "a neighbour is not the server");
        PeerPolicy privateSelf = PeerPolicy.defaults().withOwn(java.util.Set.of(ip("10.0.0.5")), List.of(PeerPolicy.PortRange.of(10000)));
        assertFalse(privateSelf.permits(new java.net.InetSocketAddress(ip("10.0.0.5"), 10000)),
                "an own address the deny list names stays denied: being the server's opens no private network");
        PeerPolicy closedSelf = PeerPolicy.defaults().withOwn(java.util.Set.of(self), List.of());
        assertFalse(closedSelf.permits(self), "with no open port the server's address gets no permission at all");
    }

    @Test
    void allowListWinsOverTheDenyList() throws Exception {
        PeerPolicy lab = PeerPolicy.defaults().withAllowed(List.of(AddressBlock.parse("10.20.0.0/16")));
        assertTrue(lab.permits(ip("10.20.1.1")));
        assertFalse(lab.permits(ip("10.21.1.1")));
    }

    @Test
    void addressBlocksMatchOnPartialBytesAndRefuseHostNames() throws Exception {
        AddressBlock block = AddressBlock.parse("100.64.0.0/10");
        assertTrue(block.contains(ip("100.127.255.255")));
        assertFalse(block.contains(ip("100.128.0.0")));
        assertFalse(block.contains(ip("::1")));
        assertEquals("10.0.0.1/32", AddressBlock.parse("10.0.0.1").toString());
        assertThrows(IllegalArgumentException.class, () -> AddressBlock.parse("example.com/8"));
        assertThrows(IllegalArgumentException.class, () -> AddressBlock.parse("10.0.0.0/33"));
    }

    @Test
    void configNamesTheKeyItRefuses() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> TurnFixture.config().withRelayPorts(60000, 50000));
        assertTrue(error.getMessage().startsWith("turn.relayPorts"), error.getMessage());
    }
}
