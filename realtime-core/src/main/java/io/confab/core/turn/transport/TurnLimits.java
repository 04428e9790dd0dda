package io.confab.core.turn.transport;

import io.confab.core.turn.AddressBlock;
import io.confab.core.turn.TurnConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The TURN settings an operator exposing the server sets from the command line: peers allowed past
 * the deny list, the relay port range, allocation quotas and the TCP/TLS connection limits. Part of
 * realtime-core's {@code CoreConfig}; parsed here so that the keys and their checks stay together.
 *
 * @param allowedPeers  blocks a relay may reach although the deny list names them (a media server on a private network)
 * @param relayPortMin  first relay port
 * @param relayPortMax  last relay port
 * @param userQuota     live allocations per user (one TURN REST user across all its ephemeral names)
 * @param totalQuota    live allocations in all
 * @param streams       TCP and TLS connection limits
 */
public record TurnLimits(List<AddressBlock> allowedPeers, int relayPortMin, int relayPortMax, int userQuota,
                         int totalQuota, StreamLimits streams) {

    public static final List<String> KEYS = List.of("turn-allowed-peers", "turn-relay-ports", "turn-user-quota",
            "turn-total-quota", "turn-tcp-max-connections", "turn-tcp-max-per-source", "turn-tcp-idle-seconds");

    public TurnLimits {
        allowedPeers = List.copyOf(allowedPeers);
    }

    public static TurnLimits defaults() {
        TurnConfig rfc = TurnConfig.defaults("confab", "unused", java.net.InetAddress.getLoopbackAddress());
        return new TurnLimits(List.of(), TurnConfig.DEFAULT_RELAY_PORT_MIN, TurnConfig.DEFAULT_RELAY_PORT_MAX,
                rfc.maxAllocationsPerUser(), rfc.maxAllocations(), StreamLimits.defaults());
    }

    /** Reads the {@link #KEYS} present in {@code values}; adds one line per bad value to {@code problems}. */
    public static TurnLimits parse(Map<String, String> values, List<String> problems) {
        TurnLimits defaults = defaults();
        List<AddressBlock> allowed = new ArrayList<>();
        String peers = values.getOrDefault("turn-allowed-peers", "");
        for (String block : peers.split(",")) {
            if (!block.isBlank()) {
                try {
                    allowed.add(AddressBlock.parse(block));
                } catch (IllegalArgumentException e) {
                    problems.add("--turn-allowed-peers: " + e.getMessage() + " (want CIDR blocks such as 10.20.0.0/16, comma-separated)");
                }
            }
        }
        int min = defaults.relayPortMin();
        int max = defaults.relayPortMax();
        String range = values.get("turn-relay-ports");
        if (range != null) {
            String[] ends = range.split("-", -1);
            try {
                min = Integer.parseInt(ends[0].trim());
                max = ends.length == 2 ? Integer.parseInt(ends[1].trim()) : -1;
            } catch (NumberFormatException e) {
                max = -1;
            }
            if (ends.length != 2 || min < 1024 || min > max || max > 65535) {
                problems.add("--turn-relay-ports must be MIN-MAX within 1024-65535, got '" + range + "'");
            }
        }
        int userQuota = number(values, "turn-user-quota", defaults.userQuota(), 1, 10_000, problems);
        int totalQuota = number(values, "turn-total-quota", defaults.totalQuota(), 1, 1_000_000, problems);
        StreamLimits streamDefaults = defaults.streams();
        int connections = number(values, "turn-tcp-max-connections", streamDefaults.maxConnections(), 1, 1_000_000, problems);
        int perSource = number(values, "turn-tcp-max-per-source", streamDefaults.maxPerSource(), 1, 1_000_000, problems);
        if (perSource > connections) {
            problems.add("--turn-tcp-max-per-source (" + perSource + ") must not exceed --turn-tcp-max-connections ("
                    + connections + ")");
            perSource = connections;
        }
        int idle = number(values, "turn-tcp-idle-seconds", (int) streamDefaults.idleTimeout().toSeconds(), 1, 24 * 3600, problems);
        return new TurnLimits(allowed, min, Math.max(min, max), userQuota, totalQuota,
                streamDefaults.withConnections(connections, perSource).withIdleTimeout(Duration.ofSeconds(idle)));
    }

    /** These limits on top of a TURN configuration's rules. */
    public TurnConfig applyTo(TurnConfig config) {
        return config.withRelayPorts(relayPortMin, relayPortMax).withQuotas(userQuota, totalQuota)
                .withPeers(config.peers().withAllowed(allowedPeers));
    }

    private static int number(Map<String, String> values, String key, int fallback, int min, int max, List<String> problems) {
        String text = values.get(key);
        if (text == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        problems.add("--" + key + " must be a number from " + min + " to " + max + ", got '" + text + "'");
        return fallback;
    }
}
