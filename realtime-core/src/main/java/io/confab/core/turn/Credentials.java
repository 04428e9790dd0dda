package io.confab.core.turn;

import io.confab.core.stun.Userhash;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/** Finds the password for a USERNAME or USERHASH: static users first, then TURN REST ephemeral ones. */
final class Credentials {

    sealed interface Lookup permits Found, Expired, Unknown {
    }

    /** @param account the quota's key: the static user, or the user id after an ephemeral name's expiry */
    record Found(String username, String account, String password) implements Lookup {
    }

    /** An ephemeral username whose expiry has passed: answered 401 like a wrong password. */
    record Expired() implements Lookup {
    }

    record Unknown() implements Lookup {
    }

    private final TurnConfig config;
    private final Map<String, byte[]> userhashes;

    Credentials(TurnConfig config) {
        this.config = config;
        this.userhashes = config.staticUsers().keySet().stream()
                .collect(java.util.stream.Collectors.toUnmodifiableMap(u -> u, u -> Userhash.of(u, config.realm())));
    }

    Lookup byUsername(String username, Instant now) {
        String password = config.staticUsers().get(username);
        if (password != null) {
            return new Found(username, username, password);
        }
        Optional<String> secret = config.sharedSecret();
        Optional<Instant> expiry = EphemeralCredential.expiryOf(username);
        if (secret.isEmpty() || expiry.isEmpty()) {
            return new Unknown();
        }
        if (!expiry.get().isAfter(now)) {
            return new Expired();
        }
        // Every join issues a fresh "expiry:user" name; counting per name would give each join a fresh quota.
        return new Found(username, EphemeralCredential.userOf(username), EphemeralCredential.passwordFor(secret.get(), username));
    }

    /** Only static users can be found by hash: an ephemeral username cannot be recovered from one. */
    Lookup byUserhash(byte[] userhash) {
        return userhashes.entrySet().stream().filter(e -> Arrays.equals(e.getValue(), userhash)).findFirst()
                .<Lookup>map(e -> new Found(e.getKey(), e.getKey(), config.staticUsers().get(e.getKey())))
                .orElse(new Unknown());
    }
}
