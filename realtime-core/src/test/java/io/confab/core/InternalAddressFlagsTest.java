package io.confab.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher keeps the database and Kafka passwords off the command line and the metrics on the internal address (issue 18 item 1). */
class InternalAddressFlagsTest {

    @TempDir
    Path dir;

    private static final String TOKEN = "--token-secret=" + "ab".repeat(32);

    @Test
    void theDatabasePasswordComesFromItsFile() throws Exception {
        Path file = Files.writeString(dir.resolve("jdbc.password"), "s3cret-pw\n");
        CoreConfig config = CoreConfig.parse(new String[]{TOKEN, "--jdbc-user=confab_core", "--jdbc-password-file=" + file});
        assertEquals("s3cret-pw", config.jdbcPassword());
        assertEquals("confab_core", config.jdbcUser());
    }

    @Test
    void anUnreadablePasswordFileIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CoreConfig.parse(new String[]{TOKEN, "--jdbc-password-file=" + dir.resolve("missing")}));
        assertTrue(e.getMessage().contains("--jdbc-password-file " + dir.resolve("missing") + " cannot be read"), e.getMessage());
    }

    @Test
    void theKafkaLoginComesFromItsFileAndReachesTheMediaTap() throws Exception {
        Path file = Files.writeString(dir.resolve("kafka.password"), "k4fka-pw\n");
        CoreConfig config = CoreConfig.parse(new String[]{TOKEN, "--kafka-user=confab", "--kafka-password-file=" + file});
        assertEquals(new io.confab.storage.kafka.KafkaLogin("confab", "k4fka-pw"), config.kafkaLogin());
        assertEquals(config.kafkaLogin(), config.tap().login());
        assertEquals(io.confab.storage.kafka.KafkaLogin.NONE, CoreConfig.parse(new String[]{TOKEN}).kafkaLogin());
    }

    @Test
    void aKafkaUserWithoutItsPasswordFileIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> CoreConfig.parse(new String[]{TOKEN, "--kafka-user=confab"}));
        assertTrue(e.getMessage().contains("--kafka-user needs kafka-password-file"), e.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> CoreConfig.parse(new String[]{TOKEN, "--kafka-user=confab", "--kafka-password-file=" + dir.resolve("missing")}));
        assertTrue(missing.getMessage().contains("--kafka-password-file " + dir.resolve("missing") + " cannot be read"),
                missing.getMessage());
    }

    @Test
    void metricsFollowTheHostUnlessTheirOwnIsGiven() {
        assertEquals("203.0.113.9", CoreConfig.parse(new String[]{TOKEN, "--host=203.0.113.9"}).metricsHost());
        assertEquals("127.0.0.1", CoreConfig.parse(new String[]{TOKEN, "--host=203.0.113.9", "--metrics-host=127.0.0.1"})
                .metricsHost());
    }
}
