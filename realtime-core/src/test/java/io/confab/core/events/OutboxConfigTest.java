package io.confab.core.events;

import io.confab.core.CoreConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The outbox's flags, read with realtime-core's configuration; a bad value names its key. */
class OutboxConfigTest {

    private static final String SECRET = "--token-secret=" + "ab".repeat(32);

    @Test
    void defaultsToAQueueOf20000AndKafkasOwn120SecondDeliveryTimeout() {
        OutboxConfig outbox = CoreConfig.parse(new String[]{SECRET}).outbox();
        assertEquals(20_000, outbox.queueCapacity());
        assertEquals(Duration.ofSeconds(120), outbox.deliveryTimeout());
        assertEquals(1000, outbox.groupRows());
        assertEquals(Duration.ofMillis(20), outbox.groupLinger());
        assertEquals(500, outbox.relayBatch());
    }

    @Test
    void takesTheGatheringAndRelayFlags() {
        OutboxConfig outbox = CoreConfig.parse(new String[]{SECRET, "--event-group-rows=5000", "--event-group-linger-ms=0",
                "--outbox-relay-batch=2000"}).outbox();
        assertEquals(5000, outbox.groupRows());
        assertEquals(Duration.ZERO, outbox.groupLinger());
        assertEquals(2000, outbox.relayBatch());
    }

    @Test
    void refusesAGroupOverThePostgresParameterLimitAndNamesTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CoreConfig.parse(new String[]{SECRET, "--event-group-rows=30000"}));
        assertTrue(e.getMessage().contains("--event-group-rows must be a whole number from 1 to 20000, got '30000'"), e.getMessage());
    }

    @Test
    void takesBothFlags() {
        OutboxConfig outbox = CoreConfig.parse(new String[]{SECRET, "--event-queue-capacity=500",
                "--kafka-delivery-timeout-seconds=15"}).outbox();
        assertEquals(500, outbox.queueCapacity());
        assertEquals(Duration.ofSeconds(15), outbox.deliveryTimeout());
    }

    @Test
    void refusesATimeoutShorterThanKafkasRequestAndLingerAllowAndNamesTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CoreConfig.parse(new String[]{SECRET, "--kafka-delivery-timeout-seconds=2"}));
        assertTrue(e.getMessage().contains("--kafka-delivery-timeout-seconds must be a whole number from 5 to 86400, got '2'"), e.getMessage());
    }

    @Test
    void refusesANonNumericCapacityAndNamesTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CoreConfig.parse(new String[]{SECRET, "--event-queue-capacity=lots"}));
        assertTrue(e.getMessage().contains("--event-queue-capacity must be a whole number from 1 to 10000000, got 'lots'"), e.getMessage());
    }
}
