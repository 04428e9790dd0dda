package io.confab.orchestration.platform;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each server is the embedded one, on the internal address and with its ports listed by flag, or
 * the external service the operator named, with that address and none of our ports; the parts of
 * realtime-core are always its own. Nothing is started.
 */
class EmbeddedOrExternalTest {

    @TempDir
    Path data;

    private Platform platform(String... flags) {
        return Platform.describe(PlatformFlags.config(data, flags));
    }

    private static Map<String, Component> byName(Platform platform) {
        Map<String, Component> components = new LinkedHashMap<>();
        platform.components().forEach(component -> components.put(component.name(), component));
        return components;
    }

    @Test
    void embeddedServersListenOnTheInternalAddressOnThePortsTheirFlagsSet() {
        Map<String, Component> components = byName(platform("--internal-host=127.0.0.2", "--kafka-port=19092",
                "--kafka-controller-port=19093", "--cassandra-port=19042", "--cassandra-storage-port=19000", "--s3-port=19090",
                "--postgres-port=15432", "--flink-port=18081", "--flink-rpc-port=16123"));
        assertEquals("127.0.0.2:19092", components.get("kafka").address());
        assertEquals(Map.of("--kafka-port", 19092, "--kafka-controller-port", 19093), components.get("kafka").ports());
        assertEquals("127.0.0.2:19042", components.get("cassandra").address());
        assertEquals(Map.of("--cassandra-port", 19042, "--cassandra-storage-port", 19000), components.get("cassandra").ports());
        assertEquals("http://127.0.0.2:19090", components.get("s3").address());
        assertEquals(Map.of("--s3-port", 19090), components.get("s3").ports());
        assertEquals("127.0.0.2:15432", components.get("postgres").address());
        assertEquals(Map.of("--postgres-port", 15432), components.get("postgres").ports());
        // Flink stays on loopback whatever the internal address; its metrics ports follow its own.
        assertEquals("http://127.0.0.1:18081", components.get("flink").address());
        assertEquals(Map.of("--flink-port", 18081, "--flink-rpc-port", 16123), Map.of(
                "--flink-port", components.get("flink").ports().get("--flink-port"),
                "--flink-rpc-port", components.get("flink").ports().get("--flink-rpc-port")));
        assertEquals(4, components.get("flink").ports().size(), "REST, RPC and both reporters: " + components.get("flink").ports());
        for (String name : new String[] {"kafka", "cassandra", "s3", "postgres", "flink"}) {
            assertTrue(components.get(name).embedded(), name);
        }
    }

    @Test
    void aNamedExternalServiceIsReachedWhereTheOperatorSaidAndTakesNoneOfOurPorts() {
        Map<String, Component> components = byName(platform("--kafka=10.9.8.7:9092", "--cassandra=10.9.8.7:9042",
                "--s3-endpoint=http://10.9.8.7:9000", "--s3-secret-key=theirs", "--postgres=10.9.8.7:5432",
                "--postgres-password=theirs", "--flink=10.9.8.7:8081"));
        assertEquals("10.9.8.7:9092", components.get("kafka").address());
        assertEquals("10.9.8.7:9042", components.get("cassandra").address());
        assertEquals("http://10.9.8.7:9000", components.get("s3").address());
        assertEquals("10.9.8.7:5432", components.get("postgres").address());
        assertEquals("http://10.9.8.7:8081", components.get("flink").address(), "Flink is named host:port and reached over REST");
        for (String name : new String[] {"kafka", "cassandra", "s3", "postgres", "flink"}) {
            assertFalse(components.get(name).embedded(), name);
            assertEquals(Map.of(), components.get(name).ports(), name + " listens on none of our ports");
        }
    }

    @Test
    void realtimeCoreAndItsListenersAreAlwaysOurs() {
        Map<String, Component> components = byName(platform("--host=127.0.0.3", "--web-port=18080", "--turn-port=13478",
                "--turn-tls-port=15349", "--sfu-port=17000", "--data-api-port=18090", "--kafka=10.9.8.7:9092"));
        assertEquals("http://127.0.0.3:18080", components.get("web").address());
        assertEquals(18080, components.get("web").ports().get("--web-port"));
        assertTrue(components.get("web").ports().containsKey("--web-metrics-port"), components.get("web").ports().toString());
        assertEquals("udp 127.0.0.3:17000", components.get("sfu").address());
        assertEquals(Map.of("--sfu-port", 17000), components.get("sfu").ports());
        assertEquals("turn:127.0.0.3:13478 (udp, tcp), turns:127.0.0.3:15349", components.get("turn").address());
        assertEquals(Map.of("--turn-port", 13478, "--turn-tls-port", 15349), components.get("turn").ports());
        assertEquals("http://127.0.0.1:18090", components.get("data-api").address());
        for (String name : new String[] {"web", "sfu", "turn", "data-api", "usage"}) {
            assertTrue(components.get(name).embedded(), name);
            assertEquals(java.util.List.of(), components.get(name).pids(), name + " has started nothing");
        }
    }
}
