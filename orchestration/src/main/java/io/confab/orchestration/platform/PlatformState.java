package io.confab.orchestration.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What a running platform writes to {@code run/platform.json} in its data directory: who
 * supervises it, the configuration it really runs with (ports chosen at start filled in), and each
 * component's address and processes. {@code status} and {@code down} read it.
 */
public record PlatformState(long supervisorPid, Instant startedAt, boolean ready, PlatformConfig config,
                            List<ComponentState> components) {

    public record ComponentState(String name, String address, boolean embedded, List<Long> pids) {
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .findAndRegisterModules()
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT);

    public static Path file(Path dataDir) {
        return dataDir.resolve("run/platform.json");
    }

    public void write(Path dataDir) throws IOException {
        Path file = file(dataDir);
        Files.createDirectories(file.getParent());
        // It holds the running configuration, credentials included: mode 0600 like every secret.
        SecretFile.write(file, JSON.writeValueAsString(this));
    }

    public static Optional<PlatformState> read(Path dataDir) {
        Path file = file(dataDir);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), PlatformState.class));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    public static void delete(Path dataDir) {
        try {
            Files.deleteIfExists(file(dataDir));
        } catch (IOException e) {
            // A stale state file is recognised by its dead supervisor pid; nothing more to do.
        }
    }

    /**
     * Ends the server processes this state names that are still alive (a launcher that died without
     * stopping them). Only processes started by confab are touched: a recorded pid may have been
     * reused by something else since.
     */
    public void killLeftoverServers() {
        components.stream().flatMap(c -> c.pids().stream())
                .map(ProcessHandle::of).flatMap(Optional::stream)
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().commandLine().map(c -> c.contains("-Dconfab.server=")).orElse(false))
                .forEach(ProcessHandle::destroyForcibly);
    }

    public boolean supervisorAlive() {
        return ProcessHandle.of(supervisorPid).map(ProcessHandle::isAlive).orElse(false);
    }
}
