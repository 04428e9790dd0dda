package io.confab.orchestration.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Resolves the ports of embedded servers. A configured port of 0 becomes a free port, remembered in
 * {@code run/ports.properties} under the data directory so that a restart (and clients configured
 * from the first run) find the servers at the same addresses.
 */
public final class Ports {

    /** The public and the internal address: a chosen port is free on both, so any server can take it. */
    private final java.util.List<String> hosts;
    private final Path file;
    private final Properties remembered = new Properties();
    private static final int LOW = 20000;
    private static final int HIGH = 32000;
    private final java.util.Random random = new java.util.Random();
    private final java.util.Set<Integer> chosen = new java.util.HashSet<>();

    public Ports(java.util.List<String> hosts, Path dataDir) {
        this.hosts = hosts.stream().distinct().toList();
        this.file = dataDir.resolve("run/ports.properties");
        if (Files.isRegularFile(file)) {
            try (var in = Files.newInputStream(file)) {
                remembered.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /**
     * The port to use for {@code key}: the configured one, or when it is 0 the remembered one if it
     * is still free, else a new free one.
     */
    public int resolve(String key, int configured) {
        if (configured != 0) {
            return configured;
        }
        String previous = remembered.getProperty(key);
        if (previous != null && isFree(Integer.parseInt(previous))) {
            return Integer.parseInt(previous);
        }
        int chosen = freePort();
        remembered.setProperty(key, Integer.toString(chosen));
        return chosen;
    }

    /**
     * The first of {@code count} consecutive ports for {@code key} (a server with one port per
     * thread, as the SFU's media threads): the configured one, or when it is 0 the remembered first
     * port if the whole run is still free, else the first of a new free run.
     */
    public int resolveRun(String key, int configured, int count) {
        if (configured != 0 || count == 1) {
            return resolve(key, configured);
        }
        String previous = remembered.getProperty(key);
        int first = previous != null && runFree(Integer.parseInt(previous), count) ? Integer.parseInt(previous) : -1;
        for (int attempt = 0; first < 0 && attempt < 200; attempt++) {
            int candidate = LOW + random.nextInt(HIGH - LOW - count);
            if (runFree(candidate, count)) {
                first = candidate;
            }
        }
        if (first >= 0) {
            // Kept from the other servers' free ports chosen after this, so none takes a thread's port.
            for (int port = first; port < first + count; port++) {
                chosen.add(port);
            }
            remembered.setProperty(key, Integer.toString(first));
            return first;
        }
        throw new IllegalStateException("no " + count + " consecutive free ports between " + LOW + " and " + HIGH + " on "
                + String.join(" and ", hosts));
    }

    private boolean runFree(int first, int count) {
        for (int port = first; port < first + count; port++) {
            if (chosen.contains(port) || !isFree(port)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The port of a server that has no flag of its own and lives beside another (a process's metrics
     * endpoint, the usage meter beside data-api): {@code defaultPort} while the owner keeps its default
     * port, otherwise a free port remembered in run/ports.properties. A remembered port is kept even
     * while its server holds it, so {@code status} (which describes a running platform) finds it there;
     * start-up checks it is free like any port.
     */
    public int beside(String key, int defaultPort, boolean ownerOnDefault) {
        return ownerOnDefault ? defaultPort : remembered(key).orElseGet(() -> resolve(key, 0));
    }

    /** The port remembered for {@code key} by an earlier start, if any (not checked free). */
    public java.util.OptionalInt remembered(String key) {
        String previous = remembered.getProperty(key);
        return previous == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(Integer.parseInt(previous));
    }

    public void save() {
        try {
            Files.createDirectories(file.getParent());
            try (var out = Files.newOutputStream(file)) {
                remembered.store(out, "ports chosen by confab for settings given as 0");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Fails start-up with one line when an embedded server's port is taken. */
    public void requireFree(String component, int port, String flag) throws StartupFailure {
        if (!isFree(port)) {
            throw new StartupFailure(component, "port " + port + " on " + String.join(" or ", hosts) + " is already in use",
                    "stop what holds it, or set " + flag + " to another port (0 picks a free one)");
        }
    }

    boolean isFree(int port) {
        for (String host : hosts) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(InetAddress.getByName(host), port));
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }

    /**
     * A free port below the kernel's ephemeral range (32768 and up on Linux). A port from bind(0)
     * comes from that range, which is also where every outgoing connection takes its local port: in
     * the seconds between choosing a port and the server binding it, a client connection of another
     * server could take it. Below the range only listeners compete.
     */
    private int freePort() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int candidate = LOW + random.nextInt(HIGH - LOW);
            if (!chosen.contains(candidate) && isFree(candidate)) {
                chosen.add(candidate);
                return candidate;
            }
        }
        throw new IllegalStateException("no free port between " + LOW + " and " + HIGH + " on " + String.join(" and ", hosts));
    }
}
