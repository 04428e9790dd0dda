package io.confab.core.turn.transport;

import io.confab.core.ratelimit.RateLimit;
import io.confab.core.turn.PeerPolicy;
import io.confab.core.turn.TurnConfig;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The TURN server alone in its own JVM, with no meeting service around it: what
 * {@code confab bench turn} runs beside coturn's {@code turnserver}, so that the resident memory
 * it reads is the TURN server's own. Ephemeral (TURN REST) credentials only.
 *
 * <p>Arguments are {@code --key=value}: {@code host} (127.0.0.1), {@code port} (3478, 0 for any),
 * {@code realm} (confab), {@code secret-file} (required), {@code relay-ports} (49152-65535),
 * {@code allow-loopback} (false), {@code user-quota} and {@code total-quota} (allocations),
 * {@code allocate-rate} (Allocate requests per second per source and per user), {@code event-loops}
 * (0, one per core). Prints {@code turn: listening on HOST:PORT (udp, tcp; N event loops, epoll, UDP GSO)}
 * once it serves.
 */
public final class StandaloneTurnServer {

    /** The settings from the command line, checked once; each problem names its key. */
    record Options(String host, int port, String realm, String secret, int relayMin, int relayMax,
                   boolean allowLoopback, int userQuota, int totalQuota, int allocateRate, int eventLoops) {

        private static final Map<String, String> DEFAULTS = Map.of("host", "127.0.0.1", "port", "3478",
                "realm", "confab", "relay-ports", TurnConfig.DEFAULT_RELAY_PORT_MIN + "-" + TurnConfig.DEFAULT_RELAY_PORT_MAX,
                "allow-loopback", "false", "user-quota", "10", "total-quota", "10000",
                "allocate-rate", Integer.toString((int) TurnConfig.DEFAULT_ALLOCATE_RATE.perSecond()), "event-loops", "0");

        static Options parse(String[] args) {
            Map<String, String> values = new LinkedHashMap<>(DEFAULTS);
            List<String> problems = new ArrayList<>();
            for (String arg : args) {
                int eq = arg.indexOf('=');
                String key = eq < 0 ? arg : arg.substring(2, eq);
                if (!arg.startsWith("--") || eq < 0 || !(DEFAULTS.containsKey(key) || key.equals("secret-file"))) {
                    problems.add("unknown argument '" + arg + "'");
                } else {
                    values.put(key, arg.substring(eq + 1));
                }
            }
            String secret = null;
            if (!values.containsKey("secret-file")) {
                problems.add("--secret-file is required");
            } else {
                try {
                    secret = Files.readString(Path.of(values.get("secret-file"))).trim();
                } catch (IOException e) {
                    problems.add("--secret-file cannot be read: " + e.getMessage());
                }
            }
            String[] range = values.get("relay-ports").split("-", 2);
            int min = number(range[0], "relay-ports", problems);
            int max = range.length == 2 ? number(range[1], "relay-ports", problems) : -1;
            int unreadable = problems.size();
            int eventLoops = number(values.get("event-loops"), "event-loops", problems);
            if (problems.size() == unreadable && (eventLoops < 0 || eventLoops > 256)) {
                problems.add("--event-loops must be 0 (one per core) to 256, got " + eventLoops);
            }
            Options options = new Options(values.get("host"), number(values.get("port"), "port", problems),
                    values.get("realm"), secret, min, max, Boolean.parseBoolean(values.get("allow-loopback")),
                    number(values.get("user-quota"), "user-quota", problems),
                    number(values.get("total-quota"), "total-quota", problems),
                    number(values.get("allocate-rate"), "allocate-rate", problems),
                    eventLoops);
            if (!problems.isEmpty()) {
                throw new IllegalArgumentException(String.join("; ", problems));
            }
            return options;
        }

        private static int number(String text, String key, List<String> problems) {
            try {
                return Integer.parseInt(text.trim());
            } catch (NumberFormatException e) {
                problems.add("--" + key + " must be a number, got '" + text + "'");
                return -1;
            }
        }

        /** TurnConfig validates the rest and names the key it refuses. */
        TurnConfig toConfig() throws UnknownHostException {
            return TurnConfig.defaults(realm, secret, InetAddress.getByName(host))
                    .withRelayPorts(relayMin, relayMax)
                    .withQuotas(userQuota, totalQuota)
                    .withPeers(PeerPolicy.defaults().withLoopbackAllowed(allowLoopback))
                    // A burst of five seconds' worth, as the default has.
                    .withAllocateRate(new RateLimit(allocateRate, 5 * allocateRate, 1));
        }
    }

    private StandaloneTurnServer() {
    }

    public static void main(String[] args) throws Exception {
        TurnConfig config;
        Options options;
        try {
            options = Options.parse(args);
            config = options.toConfig();
        } catch (IllegalArgumentException | UnknownHostException e) {
            System.err.println("turn: " + e.getMessage());
            System.exit(2);
            return;
        }
        TurnListener listener = new TurnListener(config, options.eventLoops(), Clock.systemUTC(), StreamLimits.defaults());
        InetSocketAddress bound;
        try {
            bound = listener.start(options.host(), options.port());
        } catch (Exception e) {
            System.err.println("turn: cannot listen on " + options.host() + ":" + options.port() + ": " + e.getMessage());
            listener.close();
            System.exit(1);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            listener.close();
            stopped.countDown();
        }, "turn-stop"));
        System.out.println("turn: listening on " + bound.getAddress().getHostAddress() + ":" + bound.getPort() + " (udp, tcp; "
                + listener.eventLoops() + " event loops, " + listener.transportName()
                + (listener.udpSegmentation() ? ", UDP GSO" : "") + ")");
        stopped.await();
    }
}
