package io.confab.dataapi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataApiConfigTest {

    private static final String SECRET = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

    @Test
    void readsTheSecretsFromFilesAndKeepsTheDefaults(@TempDir Path dir) throws Exception {
        Path token = Files.writeString(dir.resolve("token.secret"), SECRET + "\n");
        Path s3 = Files.writeString(dir.resolve("s3.secret"), "confab-secret");
        DataApiConfig config = DataApiConfig.parse(new String[] {"--token-secret-file=" + token, "--s3-secret-key-file=" + s3,
                "--port=0"});
        assertEquals(32, config.tokenSecret().length);
        assertEquals("confab-secret", config.s3SecretKey());
        assertEquals(0, config.port());
        assertEquals(Duration.ofHours(1), config.presignTtl());
        assertEquals("confab", config.s3Bucket());
        assertEquals("127.0.0.1:9092", config.kafka());
        assertEquals(new DataApiConfig.Webhooks(Duration.ofSeconds(2), 5, Duration.ofSeconds(10), Duration.ofSeconds(1), true),
                config.webhooks());
    }

    @Test
    void readsTheKafkaLoginFromItsPasswordFile(@TempDir Path dir) throws Exception {
        Path password = Files.writeString(dir.resolve("kafka.password"), "k4fka\n");
        DataApiConfig config = DataApiConfig.parse(new String[] {"--token-secret=" + SECRET, "--s3-secret-key=x",
                "--kafka-user=confab", "--kafka-password-file=" + password});
        assertEquals(new io.confab.storage.kafka.KafkaLogin("confab", "k4fka"), config.kafkaLogin());
        assertEquals(io.confab.storage.kafka.KafkaLogin.NONE,
                DataApiConfig.parse(new String[] {"--token-secret=" + SECRET, "--s3-secret-key=x"}).kafkaLogin());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DataApiConfig.parse(new String[] {
                "--token-secret=" + SECRET, "--s3-secret-key=x", "--kafka-user=confab"}));
        assertTrue(e.getMessage().contains("--kafka-user confab needs --kafka-password-file"), e.getMessage());
    }

    @Test
    void namesBadWebhookKeys() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DataApiConfig.parse(new String[] {
                "--token-secret=" + SECRET, "--s3-secret-key=x", "--kafka=nowhere", "--webhook-attempts=0",
                "--webhook-private-addresses=sometimes"}));
        for (String expected : new String[] {"--kafka must be host:port", "--webhook-attempts must be between 1 and 20",
                "--webhook-private-addresses must be allow or forbid"}) {
            assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
        }
    }

    @Test
    void namesEveryBadKeyInOneMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DataApiConfig.parse(new String[] {
                "--port=70000", "--cassandra=nowhere", "--s3-endpoint=ftp://x", "--presign-ttl-seconds=999999999",
                "--token-secret=abcd", "--bogus=1", "positional", "--usage-meter=meter:8095"}));
        for (String expected : new String[] {"--port must be between 0 and 65535", "--cassandra must be host:port",
                "--s3-endpoint must be a URL", "--presign-ttl-seconds must be between 1 and 604800",
                "--token-secret must be at least 32 bytes", "unknown key --bogus", "'positional' is not --key=value",
                "--s3-secret-key or --s3-secret-key-file is required", "--usage-meter must be a URL"}) {
            assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
        }
    }
}
