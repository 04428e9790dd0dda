package io.confab.core.events;

import io.confab.core.CoreConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The outbox's two flags, read with realtime-core's configuration; a bad value names its key. */
class OutboxConfigTest {

    private static final String SECRET = "--token-secret=" + "ab".repeat(32);

    @Test
    void defaultsToAQueueOf20000AndKafkasOwn120SecondDeliveryTimeout() {
        OutboxConfig outbox = CoreConfig.parse(new String[]{SECRET}).outbox();
        assertEquals(20_000, outbox.queueCapacity());
        assertEquals(Duration.ofSeconds(120), outbox.deliveryTimeout());
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
