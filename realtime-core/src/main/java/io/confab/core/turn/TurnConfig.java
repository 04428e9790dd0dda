package io.confab.core.turn;

import io.confab.core.ratelimit.RateLimit;
import io.confab.core.stun.OpaqueString;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The TURN server's settings, validated once (STYLE §6). Durations default to RFC 8656's values:
 * allocations 600 s (§3.2) capped at 3600 s (§7.2), permissions 300 s (§9), channel bindings
 * 600 s (§12). Nonces last an hour, which keeps 438 round trips rare without letting a captured
 * nonce live for days.
 *
 * @param sharedSecret the TURN REST secret for ephemeral credentials; empty turns them off
 * @param staticUsers long-term credentials, username to password
 * @param relayAddress the address relayed transport addresses are on
 * @param allocateRate Allocate requests per source IP and, separately, per user
 */
public record TurnConfig(String realm, Optional<String> sharedSecret, Map<String, String> staticUsers,
                         InetAddress relayAddress, int relayPortMin, int relayPortMax,
                         Duration defaultLifetime, Duration maxLifetime, Duration permissionLifetime,
                         Duration channelLifetime, Duration nonceLifetime,
                         int maxAllocationsPerUser, int maxAllocations, PeerPolicy peers, RateLimit allocateRate) {

    public static final int DEFAULT_RELAY_PORT_MIN = 49152;
    public static final int DEFAULT_RELAY_PORT_MAX = 65535;
    /**
     * 100 a second with bursts of 500: far above a browser (one or two per call) and enough for
     * {@code turnutils_uclient -m} load from one host, yet a flood of thousands a second is cut.
     */
    public static final RateLimit DEFAULT_ALLOCATE_RATE = new RateLimit(100, 500, 1);

    public TurnConfig {
        Objects.requireNonNull(realm, "realm");
        Objects.requireNonNull(sharedSecret, "sharedSecret");
        staticUsers = Map.copyOf(staticUsers);
        Objects.requireNonNull(relayAddress, "relayAddress");
        Objects.requireNonNull(peers, "peers");
        Objects.requireNonNull(allocateRate, "allocateRate");
        require(!realm.isBlank(), "turn.realm", "must not be blank");
        require(sharedSecret.map(s -> !s.isEmpty()).orElse(true), "turn.sharedSecret", "must not be empty when set");
        require(relayPortMin >= 1024 && relayPortMin <= relayPortMax && relayPortMax <= 65535,
                "turn.relayPorts", "must be a range within 1024-65535, not " + relayPortMin + "-" + relayPortMax);
        require(positive(defaultLifetime) && positive(maxLifetime) && defaultLifetime.compareTo(maxLifetime) <= 0,
                "turn.lifetime", "default must be positive and at most the maximum");
        require(positive(permissionLifetime), "turn.permissionLifetime", "must be positive");
        require(positive(channelLifetime), "turn.channelLifetime", "must be positive");
        require(positive(nonceLifetime), "turn.nonceLifetime", "must be positive");
        require(maxAllocationsPerUser > 0, "turn.maxAllocationsPerUser", "must be positive");
        require(maxAllocations > 0, "turn.maxAllocations", "must be positive");
        require(OpaqueString.prepare(realm).isPresent(), "turn.realm", "must not hold control characters");
        // Passwords go through OpaqueString into the key (RFC 8489 §9.2.2); refuse ones it cannot take.
        staticUsers.forEach((user, password) -> require(!user.isEmpty() && OpaqueString.prepare(password).isPresent(),
                "turn.users", "'" + user + "' needs a non-empty name and a password without control characters"));
    }

    /** RFC defaults, no users, ephemeral credentials with the given secret, the default peer policy. */
    public static TurnConfig defaults(String realm, String sharedSecret, InetAddress relayAddress) {
        return new TurnConfig(realm, Optional.of(sharedSecret), Map.of(), relayAddress,
                DEFAULT_RELAY_PORT_MIN, DEFAULT_RELAY_PORT_MAX, Duration.ofSeconds(600), Duration.ofSeconds(3600),
                Duration.ofSeconds(300), Duration.ofSeconds(600), Duration.ofHours(1), 10, 10_000,
                PeerPolicy.defaults(), DEFAULT_ALLOCATE_RATE);
    }

    public TurnConfig withStaticUsers(Map<String, String> users) {
        return new TurnConfig(realm, sharedSecret, users, relayAddress, relayPortMin, relayPortMax, defaultLifetime,
                maxLifetime, permissionLifetime, channelLifetime, nonceLifetime, maxAllocationsPerUser, maxAllocations, peers, allocateRate);
    }

    public TurnConfig withRelayPorts(int min, int max) {
        return new TurnConfig(realm, sharedSecret, staticUsers, relayAddress, min, max, defaultLifetime,
                maxLifetime, permissionLifetime, channelLifetime, nonceLifetime, maxAllocationsPerUser, maxAllocations, peers, allocateRate);
    }

    public TurnConfig withQuotas(int perUser, int total) {
        return new TurnConfig(realm, sharedSecret, staticUsers, relayAddress, relayPortMin, relayPortMax,
                defaultLifetime, maxLifetime, permissionLifetime, channelLifetime, nonceLifetime, perUser, total, peers,
                allocateRate);
    }

    public TurnConfig withPeers(PeerPolicy policy) {
        return new TurnConfig(realm, sharedSecret, staticUsers, relayAddress, relayPortMin, relayPortMax,
                defaultLifetime, maxLifetime, permissionLifetime, channelLifetime, nonceLifetime,
                maxAllocationsPerUser, maxAllocations, policy, allocateRate);
    }

    public TurnConfig withAllocateRate(RateLimit rate) {
        return new TurnConfig(realm, sharedSecret, staticUsers, relayAddress, relayPortMin, relayPortMax,
                defaultLifetime, maxLifetime, permissionLifetime, channelLifetime, nonceLifetime,
                maxAllocationsPerUser, maxAllocations, peers, rate);
    }

    private static boolean positive(Duration duration) {
        return duration != null && !duration.isNegative() && !duration.isZero();
    }

    private static void require(boolean condition, String key, String problem) {
        if (!condition) {
            throw new IllegalArgumentException(key + " " + problem);
        }
    }
}
