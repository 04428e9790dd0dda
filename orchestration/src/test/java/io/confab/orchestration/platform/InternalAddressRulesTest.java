package io.confab.orchestration.platform;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rules of the internal address and its credentials (issue 18 item 1), without starting anything. */
class InternalAddressRulesTest {

    @TempDir
    Path data;

    private PlatformConfig config(String... flags) {
        return PlatformFlags.config(data, flags);
    }

    @Test
    void internalServersStayOnLoopbackWhateverTheHost() {
        PlatformConfig config = config("--host=203.0.113.9");
        assertEquals("203.0.113.9", config.host());
        assertEquals("127.0.0.1", config.internalHost());
        assertFalse(config.internalExposed());
        assertEquals(List.of(), config.problems());
        assertEquals(PlatformConfig.S3.DEFAULT_SECRET_KEY, config.s3().secretKey(), "loopback keeps the embedded default");
    }

    @Test
    void theWellKnownS3KeyIsRefusedBeyondLoopbackInOneLine() {
        List<String> problems = config("--internal-host=10.1.2.3", "--s3-secret-key=confab-secret").problems();
        assertEquals(1, problems.size(), problems.toString());
        assertEquals("--s3-secret-key must not be the well-known default when --internal-host 10.1.2.3 is not loopback: leave it "
                + "unset (a key is generated and kept in the data directory, mode 0600) or give your own", problems.get(0));
    }

    @Test
    void externalServersWithoutCredentialsAreRefusedBeyondLoopback() {
        List<String> problems = config("--internal-host=10.1.2.3", "--postgres=10.1.2.4:5432", "--s3-endpoint=http://10.1.2.5:9000")
                .problems();
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.contains("--s3-secret-key is required when --internal-host 10.1.2.3 is not loopback: give the key of "
                + "http://10.1.2.5:9000"), problems.toString());
        assertTrue(problems.contains("--postgres-password is required when --internal-host 10.1.2.3 is not loopback: give the "
                + "password of postgres on 10.1.2.4:5432"), problems.toString());
        assertEquals(List.of(), config("--postgres=10.1.2.4:5432").problems(), "on loopback the old rules hold");
    }

    @Test
    void aWildcardInternalAddressIsRefused() {
        List<String> problems = config("--internal-host=0.0.0.0").problems();
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("--internal-host must be one address of this machine, not the wildcard '0.0.0.0'"),
                problems.get(0));
    }

    @Test
    void credentialsAreGeneratedOnceOwnerOnlyBeyondLoopback() throws Exception {
        PlatformConfig given = config("--internal-host=10.1.2.3");
        assertEquals(List.of(), given.problems());
        PlatformConfig first = InternalCredentials.apply(given);
        assertNotEquals(PlatformConfig.S3.DEFAULT_SECRET_KEY, first.s3().secretKey());
        assertNotEquals(PlatformConfig.S3.DEFAULT_ACCESS_KEY, first.s3().accessKey());
        assertTrue(first.s3().secretKey().matches("[0-9a-f]{64}"), first.s3().secretKey());
        assertFalse(first.postgres().password().isEmpty(), "the embedded PostgreSQL's superuser gets a password");
        PlatformConfig again = InternalCredentials.apply(config("--internal-host=10.1.2.3"));
        assertEquals(first.s3(), again.s3(), "kept across starts");
        assertEquals(first.postgres(), again.postgres());
        try (var files = Files.list(InternalCredentials.dir(data))) {
            for (Path file : files.toList()) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), file.toString());
            }
        }
        PlatformConfig own = InternalCredentials.apply(config("--internal-host=10.1.2.3", "--s3-access-key=mine",
                "--s3-secret-key=my-own-key"));
        assertEquals("mine", own.s3().accessKey());
        assertEquals("my-own-key", own.s3().secretKey());
    }

    @Test
    void kafkaClientsAuthenticateOnlyBeyondLoopbackAndNeverOnACommandLine() throws Exception {
        assertEquals(io.confab.storage.kafka.KafkaLogin.NONE, InternalCredentials.kafkaLogin(config()));
        assertEquals(List.of(), InternalCredentials.kafkaLoginArguments(config("--host=203.0.113.9")), "a public host alone changes nothing");
        PlatformConfig exposed = config("--internal-host=10.1.2.3");
        var login = InternalCredentials.kafkaLogin(exposed);
        assertEquals(InternalCredentials.KAFKA_USER, login.user());
        assertTrue(login.password().matches("[0-9a-f]{64}"), "a generated password");
        assertEquals(login, InternalCredentials.kafkaLogin(config("--internal-host=10.1.2.3")), "kept across starts");
        Path file = InternalCredentials.kafkaPasswordFile(exposed);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        List<String> arguments = InternalCredentials.kafkaLoginArguments(exposed);
        assertEquals(List.of("--kafka-user=confab", "--kafka-password-file=" + file), arguments);
        assertFalse(String.join(" ", arguments).contains(login.password()));
        assertEquals(io.confab.storage.kafka.KafkaLogin.NONE,
                InternalCredentials.kafkaLogin(config("--internal-host=10.1.2.3", "--kafka=10.1.2.4:9092")),
                "an external Kafka's credentials are the operator's");
    }

    @Test
    void anExternalKafkasLoginIsTheOperatorsFromAFile() throws Exception {
        Path password = Files.writeString(data.resolve("external-kafka.password"), "their-secret\n");
        PlatformConfig config = config("--kafka=10.1.2.4:9092", "--kafka-user=app", "--kafka-password-file=" + password);
        assertEquals(List.of(), config.problems());
        assertEquals(new io.confab.storage.kafka.KafkaLogin("app", "their-secret"), InternalCredentials.kafkaLogin(config));
        assertEquals(List.of("--kafka-user=app", "--kafka-password-file=" + password), InternalCredentials.kafkaLoginArguments(config));
        new PlatformState(1, java.time.Instant.now(), true, config, List.of()).write(data);
        assertEquals(config.kafka(), PlatformState.read(data).orElseThrow().config().kafka(), "commands find the login again");
        assertEquals(List.of("--kafka-user is for an external --kafka only: the embedded broker's user is generated when "
                + "--internal-host is not loopback"), config("--kafka-user=app", "--kafka-password-file=" + password).problems());
        assertEquals(List.of("--kafka-user app needs --kafka-password-file (the password in a file, not on the command line)"),
                config("--kafka=10.1.2.4:9092", "--kafka-user=app").problems());
        assertEquals(List.of("--kafka-password-file " + data.resolve("absent") + " cannot be read"),
                config("--kafka=10.1.2.4:9092", "--kafka-user=app", "--kafka-password-file=" + data.resolve("absent")).problems());
    }

    @Test
    void theStateFileKeepsTheInternalAddressAndIsOwnerOnly() throws Exception {
        PlatformConfig config = InternalCredentials.apply(config("--host=203.0.113.9", "--internal-host=10.1.2.3"));
        new PlatformState(1, java.time.Instant.now(), true, config, List.of()).write(data);
        PlatformState read = PlatformState.read(data).orElseThrow();
        assertEquals("10.1.2.3", read.config().internalHost());
        assertEquals("203.0.113.9", read.config().host());
        assertEquals(config.s3(), read.config().s3(), "commands find the generated keys");
        assertEquals(config.kafka(), read.config().kafka());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(PlatformState.file(data))));
    }
}
