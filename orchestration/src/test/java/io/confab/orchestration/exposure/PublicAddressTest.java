package io.confab.orchestration.exposure;

import io.confab.orchestration.SharedPlatform;
import io.confab.orchestration.platform.Component;
import io.confab.orchestration.platform.Platform;
import io.confab.orchestration.platform.PlatformConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Issue #18 item 1 on the real platform: started with {@code --host} on this machine's non-loopback
 * address (the internal address left at its default), the web server answers on that address and every
 * internal server refuses a connection there; the secrets it keeps are mode 0600 and on no child
 * process's command line. A platform of its own (its public host is not the shared one's loopback).
 */
class PublicAddressTest {

    /** Ports whose server binds every interface whatever it is told (Flink 1.20's Prometheus reporter). */
    private static final Set<String> BINDS_EVERY_INTERFACE = Set.of("--flink-jobmanager-metrics-port", "--flink-taskmanager-metrics-port");

    private static PublicInterface publicInterface;
    private static Platform platform;

    @BeforeAll
    static void start() throws Exception {
        publicInterface = PublicInterface.find();
        PlatformConfig shared = SharedPlatform.config(SharedPlatform.newDataDir("public-address"));
        PlatformConfig config = new PlatformConfig(shared.home(), shared.dataDir(), publicInterface.address(), shared.kafka(),
                shared.cassandra(), shared.s3(), shared.postgres(), shared.flink(), shared.web(), shared.turn(), shared.sfu(),
                shared.dataApi());
        platform = Platform.start(config, line -> System.out.println("[public-address] " + line));
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.stop();
        }
        if (publicInterface != null) {
            publicInterface.close();
        }
    }

    @Test
    void onlyThePublicServersAnswerOnThePublicAddress() {
        String address = publicInterface.address();
        assertEquals(PlatformConfig.LOOPBACK, platform.config().internalHost(), "the internal address stays loopback by default");
        assertTrue(platform.web().address().startsWith("https://" + address + ":"), "web advertises the public address: "
                + platform.web().address());
        assertTrue(platform.web().check().healthy(), "web answers on " + platform.web().address() + ": " + platform.web().check());
        assertTrue(platform.turn().check().healthy(), "TURN answers STUN on " + platform.turn().address());
        assertTrue(platform.sfu().check().healthy(), "the SFU answers on " + platform.sfu().address());

        List<String> checked = new ArrayList<>();
        for (Component component : List.of(platform.kafka(), platform.cassandra(), platform.s3(), platform.postgres(),
                platform.flink(), platform.dataApi(), platform.usage())) {
            assertTrue(component.check().healthy(), component.name() + " is up (on the internal address): " + component.check());
            for (Map.Entry<String, Integer> port : component.ports().entrySet()) {
                if (!BINDS_EVERY_INTERFACE.contains(port.getKey())) {
                    assertRefused(address, port.getValue(), component.name() + " " + port.getKey());
                    checked.add(component.name() + " " + port.getKey());
                }
            }
        }
        assertRefused(address, platform.web().ports().get("--web-metrics-port"), "web metrics");
        assertRefused(address, Integer.parseInt(platform.metricsAddress().replaceAll(".*:(\\d+)/.*", "$1")), "launcher metrics");
        assertTrue(checked.containsAll(List.of("kafka --kafka-port", "cassandra --cassandra-port", "s3 --s3-port",
                "postgres --postgres-port", "flink --flink-port", "flink --flink-rpc-port")), "checked " + checked);
    }

    @Test
    void secretsAreOwnerOnlyAndOnNoCommandLine() throws Exception {
        Path data = platform.config().dataDir();
        List<Path> secrets = List.of(data.resolve("realtime-core/token.secret"), data.resolve("turn/shared.secret"),
                data.resolve("realtime-core/operator.key"), data.resolve("realtime-core/jdbc.password"),
                data.resolve("data-api/s3.secret"), data.resolve("s3/s3proxy.properties"), data.resolve("run/platform.json"),
                data.resolve("jobs/recording-mixer.properties"), data.resolve("jobs/transcription.properties"));
        for (Path secret : secrets) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)), secret + " mode");
        }
        List<String> values = new ArrayList<>();
        for (Path secret : secrets.subList(0, 3)) {
            values.add(Files.readString(secret).strip());
        }
        values.add(platform.config().s3().secretKey());
        List<Long> pids = platform.components().stream().flatMap(c -> c.pids().stream()).toList();
        assertFalse(pids.isEmpty());
        for (long pid : pids) {
            Path cmdline = Path.of("/proc/" + pid + "/cmdline");
            if (!Files.exists(cmdline)) {
                continue;
            }
            String line = Files.readString(cmdline).replace('\0', ' ');
            for (String value : values) {
                assertFalse(line.contains(value), "process " + pid + " has a secret on its command line: " + line);
            }
        }
        for (Path log : Files.list(data.resolve("logs")).toList()) {
            String text = Files.readString(log, java.nio.charset.StandardCharsets.ISO_8859_1);
            for (String value : values.subList(0, 3)) {
                assertFalse(text.contains(value), log + " holds a secret");
            }
        }
    }

    private static void assertRefused(String host, int port, String what) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 2000);
            fail(what + " accepts connections on the public address " + host + ":" + port);
        } catch (ConnectException expected) {
            // Refused: nothing listens there.
        } catch (IOException e) {
            fail(what + " on " + host + ":" + port + ": expected a refused connection, got " + e);
        }
    }

    /**
     * This machine's first non-loopback IPv4 address that is up; on a machine with none, a dummy
     * interface the test creates (and removes) with an address from the benchmarking range 198.18.0.0/15.
     */
    private record PublicInterface(String address, String created) implements AutoCloseable {

        static PublicInterface find() throws Exception {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    if (address instanceof Inet4Address && !address.isLoopbackAddress() && !address.isLinkLocalAddress()) {
                        return new PublicInterface(address.getHostAddress(), null);
                    }
                }
            }
            String name = "confabx" + ProcessHandle.current().pid() % 10000;
            run("ip", "link", "add", name, "type", "dummy");
            run("ip", "addr", "add", "198.18.77.1/32", "dev", name);
            run("ip", "link", "set", name, "up");
            return new PublicInterface("198.18.77.1", name);
        }

        @Override
        public void close() {
            if (created != null) {
                try {
                    run("ip", "link", "del", created);
                } catch (Exception e) {
                    System.err.println("could not remove the test's dummy interface " + created + ": " + e.getMessage());
                }
            }
        }

        private static void run(String... command) throws Exception {
            Process process = new ProcessBuilder(Stream.of(command).toList()).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes());
            if (process.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
            }
        }
    }
}
