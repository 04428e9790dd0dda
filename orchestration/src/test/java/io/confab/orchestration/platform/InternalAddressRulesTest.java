package io.confab.orchestration.platform;

import io.confab.orchestration.cli.PlatformOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

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
        Holder holder = new Holder();
        String[] all = java.util.stream.Stream.concat(java.util.stream.Stream.of("--data-dir=" + data), java.util.stream.Stream.of(flags))
                .toArray(String[]::new);
        new CommandLine(holder).parseArgs(all);
        return holder.options.toConfig(data);
    }

    @CommandLine.Command(name = "test")
    static final class Holder {
        @CommandLine.Mixin
        PlatformOptions options = new PlatformOptions();
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
    void theStateFileKeepsTheInternalAddressAndIsOwnerOnly() throws Exception {
        PlatformConfig config = InternalCredentials.apply(config("--host=203.0.113.9", "--internal-host=10.1.2.3"));
        new PlatformState(1, java.time.Instant.now(), true, config, List.of()).write(data);
        PlatformState read = PlatformState.read(data).orElseThrow();
        assertEquals("10.1.2.3", read.config().internalHost());
        assertEquals("203.0.113.9", read.config().host());
        assertEquals(config.s3(), read.config().s3(), "commands find the generated keys");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(PlatformState.file(data))));
    }
}
