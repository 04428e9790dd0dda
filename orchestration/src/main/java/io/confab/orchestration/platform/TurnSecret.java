package io.confab.orchestration.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shared secret of TURN REST credentials: the configured one, or one generated on first use and
 * kept in {@code turn/shared.secret} under the data directory, so the TURN server and
 * {@code confab turn credentials} agree without the secret ever being on a command line.
 */
public final class TurnSecret {

    private TurnSecret() {
    }

    public static Path file(Path dataDir) {
        return dataDir.resolve("turn/shared.secret");
    }

    /** The secret for {@code dataDir}: {@code configured} when given (and then kept in the file), else the kept one. */
    public static String read(Path dataDir, String configured) {
        Path file = file(dataDir);
        try {
            return SecretFile.keep(file, configured);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the TURN secret in " + file, e);
        }
    }
}
