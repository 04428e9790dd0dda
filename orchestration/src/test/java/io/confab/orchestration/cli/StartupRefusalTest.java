package io.confab.orchestration.cli;

import io.confab.orchestration.Cli;
import io.confab.orchestration.SharedPlatform;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad start-up input: one clear line naming the component and what to do, a non-zero exit, and no
 * process left behind.
 */
class StartupRefusalTest {

    private static final Duration LIMIT = Duration.ofSeconds(120);

    @Test
    void portAlreadyInUseNamesTheComponentAndTheFlag() throws Exception {
        Path data = SharedPlatform.newDataDir("port-in-use");
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            int port = taken.getLocalPort();
            Cli.Result result = Cli.run(LIMIT, "up", "--data-dir", data.toString(), "--random-ports",
                    "--kafka-port", Integer.toString(port));
            assertEquals(1, result.exitCode(), "exit code; stderr: " + result.err());
            assertEquals(1, result.errLines().size(), "one line on stderr, was: " + result.err());
            String line = result.errLines().get(0);
            assertTrue(line.contains("kafka: port " + port + " on 127.0.0.1 is already in use"), line);
            assertTrue(line.contains("--kafka-port"), "says which flag to change: " + line);
        }
        assertEquals(java.util.List.of(), Cli.processesUsing(data), "no process may be left behind");
    }

    @Test
    void unreachableExternalKafkaIsNamedAndNothingIsLeftRunning() throws Exception {
        Path data = SharedPlatform.newDataDir("external-kafka");
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        Cli.Result result = Cli.run(LIMIT, "up", "--data-dir", data.toString(), "--random-ports",
                "--kafka", "127.0.0.1:" + closedPort);
        assertEquals(1, result.exitCode(), "exit code; stderr: " + result.err());
        assertEquals(1, result.errLines().size(), "one line on stderr, was: " + result.err());
        String line = result.errLines().get(0);
        assertTrue(line.startsWith("confab up: kafka: external service at 127.0.0.1:" + closedPort + " is unreachable"), line);
        assertTrue(line.contains("check --kafka"), "says what to do: " + line);
        assertEquals(java.util.List.of(), Cli.processesUsing(data), "no process may be left behind");
    }

    @Test
    void unwritableDataDirectoryIsRefusedWithTheFlagToChange() throws Exception {
        Path file = Files.createTempFile(SharedPlatform.newDataDir("unwritable"), "a-file", "");
        Path data = file.resolve("data");
        Cli.Result result = Cli.run(LIMIT, "up", "--data-dir", data.toString(), "--random-ports");
        assertEquals(1, result.exitCode(), "exit code; stderr: " + result.err());
        assertEquals(1, result.errLines().size(), "one line on stderr, was: " + result.err());
        String line = result.errLines().get(0);
        assertTrue(line.contains("data directory: " + data + " is not writable"), line);
        assertTrue(line.contains("--data-dir"), line);
    }

    @Test
    void unknownFlagIsOneLineWithExitCodeTwo() {
        Cli.Result result = Cli.run(LIMIT, "up", "--bogus");
        assertEquals(2, result.exitCode(), "exit code; stderr: " + result.err());
        assertEquals(java.util.List.of("confab up: Unknown option: '--bogus'; see 'confab up --help'"), result.errLines());
    }

    @Test
    void badPortValueIsRefusedBeforeAnythingStarts() {
        Cli.Result result = Cli.run(LIMIT, "up", "--kafka-port", "70000", "--data-dir", SharedPlatform.newDataDir("bad-port").toString());
        assertEquals(2, result.exitCode(), "exit code; stderr: " + result.err());
        assertTrue(result.err().contains("--kafka-port must be between 0 (choose a free port) and 65535, got 70000"), result.err());
    }

    @Test
    void badTurnLimitsAreRefusedBeforeAnythingStarts() {
        Cli.Result result = Cli.run(LIMIT, "up", "--turn-relay-ports", "60000-50000", "--turn-allowed-peers", "intranet",
                "--data-dir", SharedPlatform.newDataDir("bad-turn").toString());
        assertEquals(2, result.exitCode(), "exit code; stderr: " + result.err());
        assertEquals(1, result.errLines().size(), "one line on stderr, was: " + result.err());
        assertTrue(result.err().contains("--turn-relay-ports must be MIN-MAX within 1024-65535, got '60000-50000'"), result.err());
        assertTrue(result.err().contains("--turn-allowed-peers must be comma-separated CIDR blocks such as 10.20.0.0/16, got 'intranet'"),
                result.err());
    }

    @Test
    void aBadKeyInTheCoreConfigFileIsRefusedBeforeAnythingStarts() throws Exception {
        Path data = SharedPlatform.newDataDir("bad-core-config");
        Path file = Files.writeString(data.resolve("core.properties"), "room-max-participant=500\nsfu-handshake-threads=0\n");
        Cli.Result result = Cli.run(LIMIT, "up", "--core-config", file.toString(), "--data-dir", data.toString(), "--random-ports");
        assertEquals(2, result.exitCode(), "exit code; stderr: " + result.err());
        assertEquals(List.of("confab up: unknown key 'room-max-participant' in " + file
                + " (realtime-core.reference.properties lists every key); sfu-handshake-threads (in " + file
                + ") must be a whole number from 1 to 1024, got '0'"), result.errLines());
        assertEquals(List.of(), Cli.processesUsing(data), "no process may be left behind");
    }

    @Test
    void theCoreConfigFileMayNotSetWhatConfabUpSetsItself() throws Exception {
        Path data = SharedPlatform.newDataDir("core-config-launcher-key");
        Path file = Files.writeString(data.resolve("core.properties"), "sfu-last-n=10\n");
        Cli.Result result = Cli.run(LIMIT, "up", "--core-config", file.toString(), "--data-dir", data.toString(), "--random-ports");
        assertEquals(2, result.exitCode(), "exit code; stderr: " + result.err());
        assertEquals(List.of("confab up: --core-config " + file + " sets sfu-last-n, which confab up sets itself (--sfu-last-n)"),
                result.errLines());
    }

    @Test
    void theUsageConfigFileSetsOnlyTheMetersRulesAndWithValuesItsParserTakes() throws Exception {
        Path data = SharedPlatform.newDataDir("bad-usage-config");
        Path wiring = Files.writeString(data.resolve("usage-wiring.properties"), "quiet=PT5S\nstate-dir=/tmp/elsewhere\n");
        Cli.Result result = Cli.run(LIMIT, "up", "--usage-config", wiring.toString(), "--data-dir", data.toString(), "--random-ports");
        assertEquals(2, result.exitCode(), "exit code; stderr: " + result.err());
        assertEquals(List.of("confab up: --usage-config " + wiring + " sets state-dir, which is not a usage meter rule it may set"
                + " (commit-interval, grace, max-skew, presence-timeout, quiet, reconnect-grace, state-retention, tick)"), result.errLines());

        Path value = Files.writeString(data.resolve("usage-value.properties"), "grace=PT5M\nquiet=soon\n");
        result = Cli.run(LIMIT, "up", "--usage-config", value.toString(), "--data-dir", data.toString(), "--random-ports");
        assertEquals(2, result.exitCode(), "exit code; stderr: " + result.err());
        assertEquals(List.of("confab up: --usage-config " + value + ": quiet must be a duration such as PT10M or seconds, not 'soon'"),
                result.errLines());
        assertEquals(List.of(), Cli.processesUsing(data), "no process may be left behind");
    }

    @Test
    void configFileKeysAreFlagNamesAndTyposStopStartUp() throws Exception {
        Path dir = SharedPlatform.newDataDir("config-file");
        Path config = dir.resolve("confab.properties");
        Files.writeString(config, "kafka-prot=9092\n");
        Cli.Result result = Cli.run(LIMIT, "status", "--config", config.toString());
        assertEquals(2, result.exitCode(), "exit code; stderr: " + result.err());
        assertTrue(result.err().contains("unknown key(s) in the config file: kafka-prot"), result.err());
    }

    @Test
    void billingAndWarehousePassTheirArgumentsOnAndNeedAPlatformOnlyForRealWork() {
        for (String command : new String[]{"billing", "warehouse"}) {
            Cli.Result help = Cli.run(LIMIT, command, "--help");
            assertEquals(0, help.exitCode(), "confab " + command + " --help exit code; stderr: " + help.err());
            assertTrue(help.out().contains("Usage: " + command), "batch-jobs' own help, printed: " + help.out());
        }
        Cli.Result export = Cli.run(LIMIT, "warehouse", "export", "--date", "2026-01-01", "--data-dir", "target/no-platform");
        assertEquals(1, export.exitCode(), "exit code; stderr: " + export.err());
        assertEquals(List.of("confab warehouse: no running platform in target/no-platform; start one with './confab up'"),
                export.errLines());
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : new String[]{"", "up", "status", "down", "recordings"}) {
            Cli.Result result = command.isEmpty() ? Cli.run(LIMIT, "--help") : Cli.run(LIMIT, command, "--help");
            assertEquals(0, result.exitCode(), "confab " + command + " --help exit code; stderr: " + result.err());
            assertTrue(result.out().startsWith("Usage: confab"), "confab " + command + " --help printed: " + result.out());
        }
    }
}
