package io.confab.orchestration.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.confab.core.turn.EphemeralCredential;
import io.confab.orchestration.platform.TurnSecret;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code confab turn}: tools for the TURN server. */
@Command(name = "turn", mixinStandardHelpOptions = true, description = "TURN server tools.",
        subcommands = {TurnCommand.Credentials.class})
final class TurnCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /**
     * Prints an ephemeral TURN credential (TURN REST style: username "expiry:user", password an HMAC
     * of it with the platform's shared secret), as the meeting service hands to joining clients.
     */
    @Command(name = "credentials", mixinStandardHelpOptions = true,
            description = "Print a TURN username and password for tools such as turnutils_uclient.")
    static final class Credentials implements Callable<Integer> {

        private static final FlagRange TTL = new FlagRange("--ttl", 1, 30L * 24 * 3600, " seconds");

        @Mixin
        PlatformOptions options;

        @Option(names = "--user", required = true, description = "Who the credential is for (any name).")
        String user;

        @Option(names = "--ttl", defaultValue = "86400", description = "Seconds the credential stays valid (default: ${DEFAULT-VALUE}).")
        long ttlSeconds;

        @Option(names = "--json", description = "Print {\"username\": ..., \"password\": ..., \"expiresAt\": ...}.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            if (TTL.refuses("turn credentials", ttlSeconds)) {
                return ConfabCommand.USAGE;
            }
            if (user.isBlank() || user.contains(":")) {
                System.err.println("confab turn credentials: --user must be non-empty and contain no ':'");
                return ConfabCommand.USAGE;
            }
            String secret = TurnSecret.read(options.dataDir(), options.turnSecret);
            Instant expiry = Instant.now().plus(Duration.ofSeconds(ttlSeconds));
            EphemeralCredential credential = EphemeralCredential.issue(secret, user, expiry);
            if (json) {
                System.out.println(new ObjectMapper().writeValueAsString(Map.of("username", credential.username(),
                        "password", credential.password(), "expiresAt", expiry.toString())));
            } else {
                System.out.println("username: " + credential.username());
                System.out.println("password: " + credential.password());
            }
            return 0;
        }
    }
}
