package io.confab.storage.kafka;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.security.JaasContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KafkaLoginTest {

    @TempDir
    Path dir;

    @Test
    void noUserMeansNoLoginAndNoClientSettings() {
        assertSame(KafkaLogin.NONE, KafkaLogin.of(null, null));
        assertSame(KafkaLogin.NONE, KafkaLogin.of(" ", "/unused"));
        assertSame(KafkaLogin.NONE, KafkaLogin.fromEnvironment(null, Map.of(KafkaLogin.PASSWORD_VARIABLE, "unused")));
        assertFalse(KafkaLogin.NONE.required());
        assertEquals(Map.of(), KafkaLogin.NONE.clientProperties());
    }

    @Test
    void thePasswordComesFromItsFileTrimmed() throws Exception {
        Path file = Files.writeString(dir.resolve("kafka.password"), "s3cr3t\n");
        KafkaLogin login = KafkaLogin.of("confab", file.toString());
        assertTrue(login.required());
        assertEquals(new KafkaLogin("confab", "s3cr3t"), login);
    }

    @Test
    void orFromTheEnvironment() {
        assertEquals(new KafkaLogin("confab", "s3cr3t"),
                KafkaLogin.fromEnvironment("confab", Map.of(KafkaLogin.PASSWORD_VARIABLE, "s3cr3t")));
        IllegalArgumentException unset = assertThrows(IllegalArgumentException.class,
                () -> KafkaLogin.fromEnvironment("confab", Map.of()));
        assertTrue(unset.getMessage().contains(KafkaLogin.PASSWORD_VARIABLE), unset.getMessage());
    }

    @Test
    void aBadPasswordFileIsNamed() throws Exception {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> KafkaLogin.of("confab", dir.resolve("absent").toString()));
        assertTrue(missing.getMessage().contains("--kafka-password-file " + dir.resolve("absent")), missing.getMessage());
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> KafkaLogin.of("confab", empty.toString()))
                .getMessage().contains("is empty"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> KafkaLogin.of("confab", null))
                .getMessage().contains("needs --kafka-password-file"));
    }

    @Test
    void userAndPasswordGoTogether() {
        assertThrows(IllegalArgumentException.class, () -> new KafkaLogin("confab", null));
        assertThrows(IllegalArgumentException.class, () -> new KafkaLogin(null, "secret"));
        assertThrows(IllegalArgumentException.class, () -> new KafkaLogin(" ", "secret"));
    }

    /** Kafka's own parser reads back the user and password, even a password with quotes and backslashes. */
    @Test
    void theClientSettingsAreScramSha512AsKafkaReadsThem() {
        String password = "a\"b\\c d;e=f";
        Map<String, Object> settings = new HashMap<>(new KafkaLogin("confab", password).clientProperties());
        settings.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9092");
        AdminClientConfig parsed = new AdminClientConfig(settings);
        assertEquals("SASL_PLAINTEXT", parsed.getString(org.apache.kafka.clients.CommonClientConfigs.SECURITY_PROTOCOL_CONFIG));
        assertEquals("SCRAM-SHA-512", parsed.getString("sasl.mechanism"));
        JaasContext jaas = JaasContext.loadClientContext(parsed.values());
        assertEquals(1, jaas.configurationEntries().size());
        var entry = jaas.configurationEntries().get(0);
        assertEquals("org.apache.kafka.common.security.scram.ScramLoginModule", entry.getLoginModuleName());
        assertEquals("confab", entry.getOptions().get("username"));
        assertEquals(password, entry.getOptions().get("password"));
    }

    @Test
    void thePasswordIsNeverPrinted() {
        String shown = new KafkaLogin("confab", "s3cr3t").toString();
        assertFalse(shown.contains("s3cr3t"), shown);
        assertTrue(shown.contains("confab"), shown);
    }
}
