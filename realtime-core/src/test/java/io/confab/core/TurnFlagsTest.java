package io.confab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.confab.core.turn.TurnConfig;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** realtime-core's TURN flags reach the TURN server's rules (issue 18 item 4). */
class TurnFlagsTest {

    @TempDir
    Path dir;

    private CoreConfig parse(String... turnFlags) throws Exception {
        Path secret = Files.writeString(dir.resolve("turn.secret"), "shared");
        String[] base = {"--token-secret=" + "ab".repeat(32), "--turn-port=3478", "--turn-secret-file=" + secret,
                "--host=203.0.113.9", "--sfu-port=10000"};
        String[] all = java.util.stream.Stream.concat(java.util.Arrays.stream(base), java.util.Arrays.stream(turnFlags))
                .toArray(String[]::new);
        return CoreConfig.parse(all);
    }

    @Test
    void flagsSetTheAllowListRelayPortsQuotasAndConnectionLimits() throws Exception {
        CoreConfig config = parse("--turn-allowed-peers=10.20.0.0/16, 192.168.7.0/24", "--turn-relay-ports=50000-50100",
                "--turn-user-quota=3", "--turn-total-quota=400", "--turn-tcp-max-connections=100",
                "--turn-tcp-max-per-source=5", "--turn-tcp-idle-seconds=30");
        TurnConfig turn = RealtimeCore.turnConfig(config);
        assertTrue(turn.peers().permits(InetAddress.getByName("10.20.1.1")));
        assertTrue(turn.peers().permits(InetAddress.getByName("192.168.7.9")));
        assertFalse(turn.peers().permits(InetAddress.getByName("10.21.1.1")));
        assertEquals(50000, turn.relayPortMin());
        assertEquals(50100, turn.relayPortMax());
        assertEquals(3, turn.maxAllocationsPerUser());
        assertEquals(400, turn.maxAllocations());
        assertEquals(100, config.turnLimits().streams().maxConnections());
        assertEquals(5, config.turnLimits().streams().maxPerSource());
        assertEquals(Duration.ofSeconds(30), config.turnLimits().streams().idleTimeout());
    }

    @Test
    void theServersOwnAddressIsOpenOnlyToTheSfuAndTheRelayRange() throws Exception {
        TurnConfig turn = RealtimeCore.turnConfig(parse("--turn-relay-ports=50000-50100"));
        InetAddress self = InetAddress.getByName("203.0.113.9");
        assertTrue(turn.peers().permits(new InetSocketAddress(self, 10000)), "the SFU");
        assertTrue(turn.peers().permits(new InetSocketAddress(self, 50050)), "a relay");
        assertFalse(turn.peers().permits(new InetSocketAddress(self, 5432)), "anything else the host runs");
        assertFalse(turn.peers().permits(new InetSocketAddress(self, 3478)), "TURN's own listener");
    }

    @Test
    void everyMediaThreadsPortIsOpenToRelaysAndTheOneAfterIsNot() throws Exception {
        TurnConfig turn = RealtimeCore.turnConfig(parse("--sfu-media-threads=3"));
        InetAddress self = InetAddress.getByName("203.0.113.9");
        for (int port = 10000; port <= 10002; port++) {
            assertTrue(turn.peers().permits(new InetSocketAddress(self, port)), "media thread port " + port);
        }
        assertFalse(turn.peers().permits(new InetSocketAddress(self, 10003)), "past the last media thread");
    }

    @Test
    void badValuesStopStartUpNamingTheFlag() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> parse("--turn-relay-ports=60000-50000", "--turn-allowed-peers=intranet", "--turn-user-quota=0"));
        assertTrue(error.getMessage().contains("--turn-relay-ports must be MIN-MAX"), error.getMessage());
        assertTrue(error.getMessage().contains("--turn-allowed-peers must be comma-separated CIDR blocks such as 10.20.0.0/16, got 'intranet'"), error.getMessage());
        assertTrue(error.getMessage().contains("--turn-user-quota must be a whole number from 1 to 10000, got '0'"), error.getMessage());
    }
}
