package io.confab.core.turn.transport;

import io.confab.core.config.Settings;
import io.confab.core.ratelimit.RateLimit;
import io.confab.core.turn.AddressBlock;
import io.confab.core.turn.TurnConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The TURN settings an operator exposing the server sizes: peers allowed past the deny list, the
 * relay port range, allocation quotas, the Allocate rate, the TCP/TLS connection limits and the
 * number of event loops. Part of
 * realtime-core's {@code CoreConfig}; read here so that the keys and their checks stay together, with
 * their defaults in realtime-core's reference file.
 *
 * @param allowedPeers  blocks a relay may reach although the deny list names them (a media server on a private network)
 * @param relayPortMin  first relay port
 * @param relayPortMax  last relay port
 * @param userQuota     live allocations per user (one TURN REST user across all its ephemeral names)
 * @param totalQuota    live allocations in all
 * @param allocateRate  Allocate requests per source address and, separately, per user
 * @param streams       TCP and TLS connection limits
 * @param eventLoops    event loops the server runs on, 0 for one per core
 */
public record TurnLimits(List<AddressBlock> allowedPeers, int relayPortMin, int relayPortMax, int userQuota,
                         int totalQuota, RateLimit allocateRate, StreamLimits streams, int eventLoops) {

    /** The keys {@code confab up} has flags for, passed on to realtime-core as given. */
    public static final List<String> KEYS = List.of("turn-allowed-peers", "turn-relay-ports", "turn-user-quota",
            "turn-total-quota", "turn-tcp-max-connections", "turn-tcp-max-per-source", "turn-tcp-idle-seconds",
            "turn-event-loops");

    public TurnLimits {
        allowedPeers = List.copyOf(allowedPeers);
    }

    /** Reads the TURN limit keys; adds one line per bad value to the settings' problems. */
    public static TurnLimits from(Settings settings) {
        List<AddressBlock> allowed = new ArrayList<>();
        for (String block : settings.text("turn-allowed-peers").split(",")) {
            if (!block.isBlank()) {
                try {
                    allowed.add(AddressBlock.parse(block));
                } catch (IllegalArgumentException e) {
                    settings.problem("turn-allowed-peers", "must be comma-separated CIDR blocks such as 10.20.0.0/16, got '"
                            + block.strip() + "'");
                }
            }
        }
        String range = settings.text("turn-relay-ports");
        String[] ends = range.split("-", -1);
        int min;
        int max;
        try {
            min = Integer.parseInt(ends[0].trim());
            max = ends.length == 2 ? Integer.parseInt(ends[1].trim()) : -1;
        } catch (NumberFormatException e) {
            min = 1024;
            max = -1;
        }
        if (ends.length != 2 || min < 1024 || min > max || max > 65535) {
            settings.problem("turn-relay-ports", "must be MIN-MAX within 1024-65535, got '" + range + "'");
            min = 1024;
            max = 65535;
        }
        int userQuota = settings.integer("turn-user-quota", 1, 10_000);
        int totalQuota = settings.integer("turn-total-quota", 1, 1_000_000);
        RateLimit allocateRate = new RateLimit(settings.decimal("turn-allocate-per-second", 0.1, 100_000),
                settings.integer("turn-allocate-burst", 1, 1_000_000), 1);
        int connections = settings.integer("turn-tcp-max-connections", 1, 1_000_000);
        int perSource = settings.integer("turn-tcp-max-per-source", 1, 1_000_000);
        if (perSource > connections) {
            settings.problem("turn-tcp-max-per-source", "(" + perSource + ") must not exceed turn-tcp-max-connections ("
                    + connections + ")");
            perSource = connections;
        }
        Duration idle = settings.seconds("turn-tcp-idle-seconds", 1, 24 * 3600);
        int highWaterMark = settings.integer("turn-tcp-high-water-mark-bytes", 1024, 64 << 20);
        Duration stall = settings.seconds("turn-tcp-stall-seconds", 1, 600);
        int eventLoops = settings.integer("turn-event-loops", 0, 256);
        return new TurnLimits(allowed, min, max, userQuota, totalQuota, allocateRate,
                new StreamLimits(connections, perSource, idle, highWaterMark, stall), eventLoops);
    }

    /** These limits on top of a TURN configuration's rules. */
    public TurnConfig applyTo(TurnConfig config) {
        return config.withRelayPorts(relayPortMin, relayPortMax).withQuotas(userQuota, totalQuota)
                .withAllocateRate(allocateRate).withPeers(config.peers().withAllowed(allowedPeers));
    }
}
