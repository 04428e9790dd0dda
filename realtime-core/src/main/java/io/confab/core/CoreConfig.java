package io.confab.core;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import io.confab.core.config.Settings;
import io.confab.core.guard.Argon2Pool;
import io.confab.core.guard.GuessKey;
import io.confab.core.guard.GuessLimit;
import io.confab.core.guard.GuessThrottle;
import io.confab.core.ratelimit.RateLimit;
import io.confab.core.sfu.SfuConfig;
import io.confab.core.signaling.room.RoomLimits;
import io.confab.core.signaling.transport.SignalingLimits;
import io.confab.core.turn.transport.TurnLimits;
import io.confab.core.events.OutboxConfig;
import io.confab.ingest.IngestConfig;
import io.confab.storage.kafka.KafkaLogin;

/**
 * realtime-core's configuration: one typed record, with nested records for each part, read by
 * {@link Settings} from the reference file {@value Settings#REFERENCE} (the defaults, each key
 * explained there), the operator's {@code --config=FILE} and {@code --key=value} arguments (the
 * launcher passes them), and validated at start with one line naming each bad key. The rest of the
 * code gets these typed values and never looks a key up.
 *
 * @param host          address the HTTP/WebSocket server binds to
 * @param port          its port (0 = any free port; the chosen one is printed)
 * @param tls           {@code auto}: TLS unless bound to loopback; {@code on}; {@code off}
 * @param tlsCert       PEM certificate chain, or null to generate a self-signed one when TLS is on
 * @param tlsKey        PEM private key for {@code tlsCert}
 * @param jdbcUrl       PostgreSQL (users, accounts, meetings)
 * @param kafka         bootstrap servers for meeting.events and audit.log
 * @param kafkaLogin    how every Kafka client of realtime-core authenticates ({@code kafka-user},
 *                      {@code kafka-password-file}); none for a PLAINTEXT broker
 * @param tokenSecret   HMAC key for access tokens (hex, at least 32 bytes)
 * @param tokenTtl      lifetime of an access token
 * @param dataDir       where generated certificates are kept
 * @param turnPort      TURN/STUN port (UDP and TCP), or -1 for no TURN server
 * @param turnRealm     realm of TURN long-term credentials
 * @param turnSecret    shared secret of ephemeral (TURN REST) credentials
 * @param turnAllowLoopback relay to loopback peers (only a platform that runs on one machine)
 * @param turnTlsPort   TURN over TLS port (RFC 8656 §3.1), or -1 for none; needs {@code turnPort}
 * @param turnTlsCert   PEM certificate chain for TURN over TLS; null: the web's {@code tlsCert}, else
 *                      the self-signed certificate the web server generates in {@code dataDir}
 * @param turnTlsKey    PEM private key for {@code turnTlsCert}
 * @param sfu           the SFU's port (-1: no SFU), announced address, last-N, REMB ceiling, DTLS and consent limits
 * @param dataApiUrl    data-api, the post-meeting API, whose paths the web server forwards; null: they answer 503
 * @param operatorKey   what operator endpoints ({@code /api/sfu/stats}) ask for as a bearer token; null: they refuse everyone
 * @param metricsPort   Prometheus {@code /metrics} on {@code host} (0 = any free port), or -1 for none; a port of its
 *                      own, not the web's, so that what the operator scrapes never faces users
 * @param turnLimits    TURN's allowed peers, relay ports, quotas, Allocate rate and TCP/TLS connection limits
 * @param metricsHost   address of the metrics endpoint (default: {@code host}; the launcher puts it on the internal address)
 * @param signaling     per-connection rate limit, room limits, inbound backlog bounds, the empty-meeting grace
 * @param rest          the REST worker pool
 * @param argon2        the pool running Argon2 for callers not yet signed in
 * @param guesses       wrong-guess limits per scope and how many keys are remembered
 * @param tap           the media tap's queue, producer buffer and delivery timeout
 * @param jdbcPoolSize  PostgreSQL connections at most
 * @param outbox        the meeting-event outbox's queue and Kafka delivery timeout (see {@link OutboxConfig})
 */
public record CoreConfig(
        String host,
        int port,
        String tls,
        Path tlsCert,
        Path tlsKey,
        String jdbcUrl,
        String jdbcUser,
        String jdbcPassword,
        String kafka,
        KafkaLogin kafkaLogin,
        byte[] tokenSecret,
        Duration tokenTtl,
        Path dataDir,
        int turnPort,
        String turnRealm,
        String turnSecret,
        boolean turnAllowLoopback,
        int turnTlsPort,
        Path turnTlsCert,
        Path turnTlsKey,
        SfuConfig sfu,
        java.net.URI dataApiUrl,
        String operatorKey,
        int metricsPort,
        TurnLimits turnLimits,
        String metricsHost,
        SignalingLimits signaling,
        RestWorkers rest,
        Argon2Pool.Config argon2,
        Guesses guesses,
        IngestConfig tap,
        int jdbcPoolSize,
        OutboxConfig outbox) {

    /**
     * The threads serving REST requests, which block on JDBC, and the requests waiting for them;
     * past the queue a request is answered 503.
     */
    public record RestWorkers(int threads, int queue) {
    }

    /**
     * Wrong-guess limits of each scope and how many keys the throttle remembers (see
     * {@link GuessThrottle}), and after how many connections refused at accept within one lockout an
     * address's connection requests are dropped by the kernel ({@code AddressLockoutTable.NEVER_DROP}: never).
     */
    public record Guesses(Map<GuessKey.Scope, GuessLimit> limits, int trackedKeys, int dropAfterRefusals) {

        public Guesses {
            limits = Map.copyOf(limits);
        }

        public GuessThrottle throttle() {
            return new GuessThrottle(limits, trackedKeys);
        }
    }

    /**
     * Reads the reference, {@code --config=FILE} and {@code --key=value} arguments; throws
     * {@link IllegalArgumentException} with one sentence per bad key, joined on one line.
     */
    public static CoreConfig parse(String[] args) {
        Settings settings = Settings.of(args);
        CoreConfig config = read(settings);
        if (!settings.problems().isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", settings.problems()));
        }
        if (!settings.unread().isEmpty()) {
            throw new IllegalStateException("keys of " + Settings.REFERENCE + " that no setting reads: " + settings.unread());
        }
        return config;
    }

    /**
     * What would stop realtime-core with these flags and operator file, for a launcher to refuse bad
     * settings before it starts anything. The token key is always the launcher's to give, so a
     * placeholder stands in for it.
     */
    public static List<String> problems(Map<String, String> flags, Path operatorFile) {
        List<String> args = new ArrayList<>();
        args.add("--token-secret=" + "00".repeat(32));
        if (operatorFile != null) {
            args.add("--" + Settings.CONFIG_FLAG + "=" + operatorFile);
        }
        flags.forEach((key, value) -> args.add("--" + key + "=" + value));
        Settings settings = Settings.of(args.toArray(String[]::new));
        read(settings);
        return settings.problems();
    }

    static CoreConfig read(Settings settings) {
        String host = settings.text("host").strip();
        int port = settings.integer("port", 0, 65535);
        String tls = settings.choice("tls", List.of("auto", "on", "off"));
        byte[] secret = tokenSecret(settings);
        Path cert = settings.path("tls-cert");
        Path key = settings.path("tls-key");
        if ((cert == null) != (key == null)) {
            settings.problem(cert == null ? "tls-key" : "tls-cert", "goes with " + (cert == null ? "tls-cert" : "tls-key")
                    + ", which is not set");
        }
        Duration ttl = settings.seconds("token-ttl-seconds", 60, 30 * 24 * 3600);
        int turnPort = settings.integer("turn-port", -1, 65535);
        String turnSecretFile = settings.optional("turn-secret-file");
        String turnSecret = null;
        if (turnPort >= 0) {
            if (turnSecretFile == null) {
                settings.problem("turn-port", "needs turn-secret-file (the shared secret of TURN credentials)");
            } else {
                turnSecret = readFile(settings, "turn-secret-file");
            }
        }
        int turnTlsPort = settings.integer("turn-tls-port", -1, 65535);
        if (turnTlsPort >= 0 && turnPort < 0) {
            settings.problem("turn-tls-port", "needs turn-port (TLS is one more listener of the TURN server)");
        }
        Path turnCert = settings.path("turn-tls-cert");
        Path turnKey = settings.path("turn-tls-key");
        if ((turnCert == null) != (turnKey == null)) {
            settings.problem(turnCert == null ? "turn-tls-key" : "turn-tls-cert", "goes with "
                    + (turnCert == null ? "turn-tls-cert" : "turn-tls-key") + ", which is not set");
        }
        boolean allowLoopback = settings.bool("turn-allow-loopback");
        java.net.URI dataApiUrl = null;
        String dataApi = settings.optional("data-api-url");
        if (dataApi != null) {
            if (!dataApi.matches("http://[^/\\s:]+:\\d{1,5}/?")) {
                settings.problem("data-api-url", "must be http://host:port, got '" + dataApi + "'");
            } else {
                dataApiUrl = java.net.URI.create(dataApi);
            }
        }
        String operatorKey = null;
        if (settings.optional("operator-key-file") != null) {
            operatorKey = readFile(settings, "operator-key-file");
            if (operatorKey != null && operatorKey.length() < 32) {
                settings.problem("operator-key-file", "holds a key shorter than 32 characters");
            }
        }
        int metricsPort = settings.integer("metrics-port", -1, 65535);
        String metricsHost = settings.optional("metrics-host");
        String jdbcPassword = settings.text("jdbc-password");
        if (settings.optional("jdbc-password-file") != null) {
            // A file keeps the password out of the process list.
            jdbcPassword = readFile(settings, "jdbc-password-file");
        }
        KafkaLogin kafkaLogin = kafkaLogin(settings);
        return new CoreConfig(host, port, tls, cert, key, settings.text("jdbc-url").strip(), settings.text("jdbc-user").strip(),
                jdbcPassword, settings.text("kafka").strip(), kafkaLogin, secret, ttl, Path.of(settings.text("data-dir").strip()),
                turnPort, settings.text("turn-realm").strip(), turnSecret, allowLoopback, turnTlsPort, turnCert, turnKey,
                sfu(settings, host), dataApiUrl, operatorKey, metricsPort, TurnLimits.from(settings),
                metricsHost == null ? host : metricsHost, signaling(settings), restWorkers(settings), argon2(settings),
                guesses(settings), tap(settings, kafkaLogin), settings.integer("jdbc-pool-size", 1, 256), outbox(settings));
    }

    private static byte[] tokenSecret(Settings settings) {
        String hex = settings.optional("token-secret");
        String origin = "token-secret";
        if (settings.optional("token-secret-file") != null) {
            // A file keeps the secret out of the process list.
            hex = readFile(settings, "token-secret-file");
            origin = "token-secret-file";
            if (hex == null) {
                return null;
            }
        }
        if (hex == null || hex.isBlank()) {
            settings.problem("token-secret", "or token-secret-file is required (hex, at least 32 bytes; the launcher generates one)");
            return null;
        }
        try {
            byte[] secret = HexFormat.of().parseHex(hex);
            if (secret.length < 32) {
                settings.problem(origin, "must hold at least 32 bytes (64 hex digits), got " + secret.length);
            }
            return secret;
        } catch (IllegalArgumentException e) {
            settings.problem(origin, "must hold hex digits only");
            return null;
        }
    }

    private static SfuConfig sfu(Settings settings, String host) {
        int port = settings.integer("sfu-port", -1, 65535);
        String announce = settings.optional("sfu-announce");
        announce = announce == null ? host : announce;
        if (announce.equals("0.0.0.0") || announce.equals("::")) {
            settings.problem(settings.optional("sfu-announce") == null ? "host" : "sfu-announce",
                    "must be an address browsers can reach for the SFU's candidates, not the wildcard '" + announce + "'");
        }
        int mediaThreads = settings.integer("sfu-media-threads", 0, 256);
        if (mediaThreads == 0) {
            mediaThreads = Runtime.getRuntime().availableProcessors();
        }
        if (port > 0 && port + mediaThreads - 1 > 65535) {
            settings.problem("sfu-media-threads", "(" + mediaThreads + ") needs ports " + port + " to " + (port + mediaThreads - 1)
                    + " from sfu-port, past 65535");
            mediaThreads = 1;
        }
        return new SfuConfig(host, port, announce, settings.integer("sfu-last-n", -1, 1000),
                settings.seconds("sfu-handshake-timeout-seconds", 1, 120), settings.seconds("sfu-consent-timeout-seconds", 5, 600),
                settings.number("sfu-publisher-remb-bps", 100_000, 100_000_000),
                settings.integer("sfu-max-tracks-per-participant", 1, 64), settings.integer("sfu-handshake-threads", 1, 1024),
                settings.integer("sfu-handshake-queue", 0, 100_000), mediaThreads, settings.bool("sfu-udp-gso"));
    }

    private static SignalingLimits signaling(Settings settings) {
        RateLimit rate = new RateLimit(settings.decimal("signaling-messages-per-second", 0.1, 10_000),
                settings.integer("signaling-burst", 1, 100_000), settings.integer("signaling-close-after-refusals", 1, 1_000_000));
        RoomLimits rooms = new RoomLimits(settings.integer("room-max-participants", 1, 100_000),
                settings.integer("room-max-waiting", 0, 100_000));
        long roomBacklog = settings.number("signaling-room-backlog-bytes", 1024, 1L << 30);
        long nodeBacklog = settings.number("signaling-node-backlog-bytes", 1024, 1L << 30);
        if (nodeBacklog < roomBacklog) {
            settings.problem("signaling-node-backlog-bytes", "(" + nodeBacklog + ") must be at least signaling-room-backlog-bytes ("
                    + roomBacklog + ")");
            nodeBacklog = roomBacklog;
        }
        return new SignalingLimits(rate, rooms, roomBacklog, nodeBacklog,
                settings.seconds("empty-meeting-grace-seconds", 0, 24 * 3600));
    }

    private static RestWorkers restWorkers(Settings settings) {
        return new RestWorkers(settings.integer("rest-threads", 1, 256), settings.integer("rest-queue", 1, 100_000));
    }

    private static Argon2Pool.Config argon2(Settings settings) {
        int threads;
        if (settings.text("argon2-threads").strip().equals("auto")) {
            // All cores but one, so a flood of guesses always leaves a core to media and signaling.
            threads = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
        } else {
            threads = settings.integer("argon2-threads", 1, 256);
        }
        return new Argon2Pool.Config(threads, settings.integer("argon2-queue", 1, 10_000));
    }

    private static Guesses guesses(Settings settings) {
        Duration window = settings.seconds("guess-window-seconds", 1, 86_400);
        Duration first = settings.seconds("guess-first-lockout-seconds", 1, 86_400);
        Duration longest = settings.seconds("guess-max-lockout-seconds", 1, 7 * 86_400);
        if (longest.compareTo(first) < 0) {
            settings.problem("guess-max-lockout-seconds", "(" + longest.toSeconds() + ") must be at least guess-first-lockout-seconds ("
                    + first.toSeconds() + ")");
            longest = first;
        }
        GuessLimit perSource = new GuessLimit(settings.integer("guess-source-address-failures", 1, 100_000), window, first, longest);
        GuessLimit perTarget = new GuessLimit(settings.integer("guess-target-failures", 1, 100_000), window, first, longest);
        GuessLimit pair = new GuessLimit(settings.integer("guess-target-from-source-failures", 1, 100_000), window, first, longest);
        int dropAfter = settings.text("guess-drop-after-refusals").strip().equals("off")
                ? io.confab.core.guard.AddressLockoutTable.NEVER_DROP : settings.integer("guess-drop-after-refusals", 1, 1_000_000);
        return new Guesses(Map.of(GuessKey.Scope.SOURCE_ADDRESS, perSource, GuessKey.Scope.MEETING, perTarget,
                GuessKey.Scope.ACCOUNT, perTarget, GuessKey.Scope.MEETING_FROM_SOURCE, pair,
                GuessKey.Scope.ACCOUNT_FROM_SOURCE, pair), settings.integer("guess-tracked-keys", 1, 10_000_000), dropAfter);
    }

    private static OutboxConfig outbox(Settings settings) {
        return new OutboxConfig(settings.integer("event-queue-capacity", 1, 10_000_000),
                settings.seconds("kafka-delivery-timeout-seconds", 5, 24 * 3600),
                settings.integer("event-group-rows", 1, 20_000),
                java.time.Duration.ofMillis(settings.integer("event-group-linger-ms", 0, 1000)),
                settings.integer("outbox-relay-batch", 1, 100_000));
    }

    /** A file keeps the password out of the process list, as for the database. */
    private static KafkaLogin kafkaLogin(Settings settings) {
        String user = settings.optional("kafka-user");
        String passwordFile = settings.optional("kafka-password-file");
        if (user == null) {
            if (passwordFile != null) {
                settings.problem("kafka-password-file", "needs kafka-user");
            }
            return KafkaLogin.NONE;
        }
        if (passwordFile == null) {
            settings.problem("kafka-user", "needs kafka-password-file (the user's password, in a file)");
            return KafkaLogin.NONE;
        }
        String password = readFile(settings, "kafka-password-file");
        if (password == null) {
            return KafkaLogin.NONE;
        }
        if (password.isEmpty()) {
            settings.problem("kafka-password-file", settings.path("kafka-password-file") + " is empty");
            return KafkaLogin.NONE;
        }
        return new KafkaLogin(user, password);
    }

    private static IngestConfig tap(Settings settings, KafkaLogin kafkaLogin) {
        return new IngestConfig(settings.text("kafka").strip(), kafkaLogin, settings.integer("tap-queue-packets", 1, 1_000_000),
                settings.number("tap-producer-bytes", 1L << 20, 1L << 30), settings.seconds("tap-delivery-timeout-seconds", 1, 300));
    }

    /** The trimmed contents of the file the key names, or null (with a problem) when it cannot be read. */
    private static String readFile(Settings settings, String key) {
        Path file = settings.path(key);
        try {
            return Files.readString(file).strip();
        } catch (java.io.IOException e) {
            settings.problem(key, file + " cannot be read: " + e.getMessage());
            return null;
        }
    }

    /** TLS is used when asked for, or by default whenever the server is reachable beyond loopback. */
    public boolean tlsEnabled() {
        if (tls.equals("auto")) {
            try {
                return !InetAddress.getByName(host).isLoopbackAddress();
            } catch (UnknownHostException e) {
                return true;
            }
        }
        return tls.equals("on");
    }
}
