package io.confab.orchestration.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * A secret the platform keeps in its data directory (token key, TURN secret, operator key): readable
 * by its owner only, and written whole or not at all (a temporary file of mode 0600 moved into
 * place), so no reader ever sees half a secret and no other user sees it at all. Secrets travel to
 * the servers as file names, never on a command line.
 */
public final class SecretFile {

    private SecretFile() {
    }

    /**
     * The secret in {@code file}: {@code configured} when given (and then kept there), else the kept
     * one, else 32 new random bytes in hex.
     */
    public static String keep(Path file, String configured) throws IOException {
        Files.createDirectories(file.getParent());
        if (configured != null && !configured.isBlank()) {
            write(file, configured.strip());
        } else if (!Files.exists(file)) {
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            write(file, HexFormat.of().formatHex(secret));
        } else {
            // Kept by an earlier version with the default mode: tighten it.
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
        return Files.readString(file).strip();
    }

    /**
     * Writes {@code secret} (may be empty, or a whole configuration that holds secrets) to {@code file}
     * with mode 0600, whole or not at all.
     */
    public static void write(Path file, String secret) throws IOException {
        Files.createDirectories(file.getParent());
        Path temporary = Files.createTempFile(file.getParent(), ".secret-", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            Files.writeString(temporary, secret);
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
