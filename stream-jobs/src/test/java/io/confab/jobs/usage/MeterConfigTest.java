package io.confab.jobs.usage;

import io.confab.storage.kafka.KafkaLogin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The meter's Kafka login comes from a user flag and a password file, never from the command line itself. */
class MeterConfigTest {

    @TempDir
    Path dir;

    @Test
    void withoutAUserTheMeterConnectsWithoutALogin() {
        MeterConfig config = MeterConfig.parse("--kafka=k:9092", "--cassandra=c:9042", "--state-dir=" + dir);
        assertEquals(KafkaLogin.NONE, config.kafkaLogin());
    }

    @Test
    void theKafkaPasswordComesFromItsFile() throws Exception {
        Path password = Files.writeString(dir.resolve("kafka.password"), "k4fka\n");
        MeterConfig config = MeterConfig.parse("--kafka=k:9092", "--kafka-user=confab", "--kafka-password-file=" + password,
                "--cassandra=c:9042", "--state-dir=" + dir);
        assertEquals(new KafkaLogin("confab", "k4fka"), config.kafkaLogin());
        assertEquals("SASL_PLAINTEXT", UsageMeter.streamsProperties(config).get("security.protocol"),
                "Kafka Streams' clients all get the login");
    }

    @Test
    void aUserWithoutItsPasswordFileIsNamed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MeterConfig.parse("--kafka=k:9092",
                "--kafka-user=confab", "--cassandra=c:9042", "--state-dir=" + dir));
        assertTrue(e.getMessage().equals("usage-meter: --kafka-user confab needs --kafka-password-file"), e.getMessage());
    }
}
