package io.confab.core;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import io.confab.core.turn.transport.TurnLimits;

/**
 * realtime-core's configuration: one typed record, read from {@code --key=value} arguments (the
 * launcher passes them) with defaults, validated at start with errors that name the key.
 *
 * @param host          address the HTTP/WebSocket server binds to
 * @param port          its port (0 = any free port; the chosen one is printed)
 * @param tls           {@code auto}: TLS unless bound to loopback; {@code on}; {@code off}
 * @param tlsCert       PEM certificate chain, or null to generate a self-signed one when TLS is on
 * @param tlsKey        PEM private key for {@code tlsCert}
 * @param jdbcUrl       PostgreSQL (users, accounts, meetings)
 * @param kafka         bootstrap servers for meeting.events and audit.log
 * @param tokenSecret   HMAC key for access tokens (hex, at least 32 bytes)
 * @param tokenTtl      lifetime of an access token
 * @param emptyMeetingGrace how long a meeting stays open after its last participant left
 * @param dataDir       where generated certificates are kept
 * @param turnPort      TURN/STUN port (UDP and TCP), or -1 for no TURN server
 * @param turnRealm     realm of TURN long-term credentials
 * @param turnSecret    shared secret of ephemeral (TURN REST) credentials
 * @param turnAllowLoopback relay to loopback peers (only a platform that runs on one machine)
 * @param turnTlsPort   TURN over TLS port (RFC 8656 §3.1), or -1 for none; needs {@code turnPort}
 * @param turnTlsCert   PEM certificate chain for TURN over TLS; null: the web's {@code tlsCert}, else
 *                      the self-signed certificate the web server generates in {@code dataDir}
 * @param turnTlsKey    PEM private key for {@code turnTlsCert}
 * @param sfuPort       the SFU's UDP media port, or -1 for no SFU
 * @param sfuAnnounce   the address put in SDP candidates (default: {@code host}; set it behind NAT)
 * @param sfuLastN      forward video of only this many most recent speakers to each receiver (-1: all)
 * @param dataApiUrl    data-api, the post-meeting API, whose paths the web server forwards; null: they answer 503
 * @param operatorKey   what operator endpoints ({@code /api/sfu/stats}) ask for as a bearer token; null: they refuse everyone
 * @param metricsPort   Prometheus {@code /metrics} on {@code host} (0 = any free port), or -1 for none; a port of its
 *                      own, not the web's, so that what the operator scrapes never faces users
 * @param metricsHost   address of the metrics endpoint (default: {@code host}; the launcher puts it on the internal address)
 * @param outbox        the meeting-event outbox's queue and Kafka delivery timeout ({@code --event-queue-capacity},
 *                      {@code --kafka-delivery-timeout-seconds}; see {@link io.confab.core.events.OutboxConfig})
 * @param turnLimits    TURN's allowed peers, relay ports, quotas and TCP/TLS connection limits ({@code --turn-allowed-peers},
 *                      {@code --turn-relay-ports}, {@code --turn-user-quota}, ...; see {@link TurnLimits#KEYS})
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
        byte[] tokenSecret,
        Duration tokenTtl,
        Duration emptyMeetingGrace,
        Path dataDir,
        int turnPort,
        String turnRealm,
        String turnSecret,
        boolean turnAllowLoopback,
        int turnTlsPort,
        Path turnTlsCert,
        Path turnTlsKey,
        int sfuPort,
        String sfuAnnounce,
        int sfuLastN,
        java.net.URI dataApiUrl,
        String operatorKey,
        int metricsPort,
        TurnLimits turnLimits,
        String metricsHost,
        io.confab.core.events.OutboxConfig outbox) {

    private static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry("host", "127.0.0.1"),
            Map.entry("port", "8080"),
            Map.entry("tls", "auto"),
            Map.entry("jdbc-url", "jdbc:postgresql://127.0.0.1:5432/confab"),
            Map.entry("jdbc-user", "postgres"),
            Map.entry("jdbc-password", ""),
            Map.entry("kafka", "127.0.0.1:9092"),
            Map.entry("token-ttl-seconds", "43200"),
            Map.entry("empty-meeting-grace-seconds", "60"),
            Map.entry("data-dir", "./data/realtime-core"),
            Map.entry("turn-port", "-1"),
            Map.entry("turn-realm", "confab"),
            Map.entry("turn-allow-loopback", "false"),
            Map.entry("turn-tls-port", "-1"),
            Map.entry("sfu-port", "-1"),
            Map.entry("sfu-last-n", "25"),
            Map.entry("metrics-port", "-1"));

    private static final List<String> KEYS = List.of("host", "port", "tls", "tls-cert", "tls-key", "jdbc-url", "jdbc-user",
            "jdbc-password", "kafka", "token-secret", "token-secret-file", "token-ttl-seconds",
            "empty-meeting-grace-seconds", "data-dir", "turn-port", "turn-realm", "turn-secret-file", "turn-allow-loopback",
            "turn-tls-port", "turn-tls-cert", "turn-tls-key", "sfu-port", "sfu-announce", "sfu-last-n", "data-api-url",
            "operator-key-file", "metrics-port", "metrics-host", "jdbc-password-file");
    private static final List<String> ALL_KEYS = java.util.stream.Stream.concat(
            java.util.stream.Stream.concat(KEYS.stream(), TurnLimits.KEYS.stream()),
            io.confab.core.events.OutboxConfig.KEYS.stream()).toList();

    /** Parses {@code --key=value} arguments; throws {@link IllegalArgumentException} naming every bad key. */
    public static CoreConfig parse(String[] args) {
        Map<String, String> values = new LinkedHashMap<>(DEFAULTS);
        List<String> problems = new ArrayList<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0) {
                problems.add("argument '" + arg + "' is not --key=value");
                continue;
            }
            String key = arg.substring(2, eq);
            if (!ALL_KEYS.contains(key)) {
                problems.add("unknown key --" + key);
                continue;
            }
            values.put(key, arg.substring(eq + 1));
        }
        int port = integer(values, "port", 0, 65535, problems);
        String tls = values.get("tls");
        if (!List.of("auto", "on", "off").contains(tls)) {
            problems.add("--tls must be auto, on or off, got '" + tls + "'");
        }
        byte[] secret = null;
        String hex = values.get("token-secret");
        if (values.containsKey("token-secret-file")) {
            // A file keeps the secret out of the process list.
            try {
                hex = java.nio.file.Files.readString(Path.of(values.get("token-secret-file"))).trim();
            } catch (java.io.IOException e) {
                problems.add("--token-secret-file " + values.get("token-secret-file") + " cannot be read: " + e.getMessage());
            }
        }
        if (hex == null || hex.isBlank()) {
            problems.add("--token-secret or --token-secret-file is required (hex, at least 32 bytes; the launcher generates one)");
        } else {
            try {
                secret = HexFormat.of().parseHex(hex);
                if (secret.length < 32) {
                    problems.add("--token-secret must be at least 32 bytes (64 hex digits), got " + secret.length);
                }
            } catch (IllegalArgumentException e) {
                problems.add("--token-secret must be hex digits");
            }
        }
        Path cert = values.containsKey("tls-cert") ? Path.of(values.get("tls-cert")) : null;
        Path key = values.containsKey("tls-key") ? Path.of(values.get("tls-key")) : null;
        if ((cert == null) != (key == null)) {
            problems.add("--tls-cert and --tls-key go together");
        }
        int ttl = integer(values, "token-ttl-seconds", 60, 30 * 24 * 3600, problems);
        int turnPort = integer(values, "turn-port", -1, 65535, problems);
        String turnSecret = null;
        if (turnPort >= 0) {
            if (!values.containsKey("turn-secret-file")) {
                problems.add("--turn-secret-file is required with --turn-port");
            } else {
                try {
                    turnSecret = java.nio.file.Files.readString(Path.of(values.get("turn-secret-file"))).trim();
                } catch (java.io.IOException e) {
                    problems.add("--turn-secret-file " + values.get("turn-secret-file") + " cannot be read: " + e.getMessage());
                }
            }
        }
        int turnTlsPort = integer(values, "turn-tls-port", -1, 65535, problems);
        if (turnTlsPort >= 0 && turnPort < 0) {
            problems.add("--turn-tls-port needs --turn-port (TLS is one more listener of the TURN server)");
        }
        Path turnCert = values.containsKey("turn-tls-cert") ? Path.of(values.get("turn-tls-cert")) : null;
        Path turnKey = values.containsKey("turn-tls-key") ? Path.of(values.get("turn-tls-key")) : null;
        if ((turnCert == null) != (turnKey == null)) {
            problems.add("--turn-tls-cert and --turn-tls-key go together");
        }
        String allowLoopback = values.get("turn-allow-loopback");
        if (!allowLoopback.equals("true") && !allowLoopback.equals("false")) {
            problems.add("--turn-allow-loopback must be true or false, got '" + allowLoopback + "'");
        }
        int grace = integer(values, "empty-meeting-grace-seconds", 0, 24 * 3600, problems);
        int sfuPort = integer(values, "sfu-port", -1, 65535, problems);
        int lastN = integer(values, "sfu-last-n", -1, 1000, problems);
        String announce = values.getOrDefault("sfu-announce", values.get("host"));
        if (announce.equals("0.0.0.0") || announce.equals("::")) {
            problems.add("--sfu-announce must be an address browsers can reach (the SFU is bound to a wildcard '"
                    + announce + "')");
        }
        java.net.URI dataApiUrl = null;
        String dataApi = values.get("data-api-url");
        if (dataApi != null && !dataApi.isBlank()) {
            if (!dataApi.matches("http://[^/\\s:]+:\\d{1,5}/?")) {
                problems.add("--data-api-url must be http://host:port, got '" + dataApi + "'");
            } else {
                dataApiUrl = java.net.URI.create(dataApi);
            }
        }
        String operatorKey = null;
        if (values.containsKey("operator-key-file")) {
            try {
                operatorKey = java.nio.file.Files.readString(Path.of(values.get("operator-key-file"))).trim();
                if (operatorKey.length() < 32) {
                    problems.add("--operator-key-file " + values.get("operator-key-file") + " holds a key shorter than 32 characters");
                }
            } catch (java.io.IOException e) {
                problems.add("--operator-key-file " + values.get("operator-key-file") + " cannot be read: " + e.getMessage());
            }
        }
        int metricsPort = integer(values, "metrics-port", -1, 65535, problems);
        String jdbcPassword = values.get("jdbc-password");
        if (values.containsKey("jdbc-password-file")) {
            // A file keeps the password out of the process list.
            try {
                jdbcPassword = java.nio.file.Files.readString(Path.of(values.get("jdbc-password-file"))).strip();
            } catch (java.io.IOException e) {
                problems.add("--jdbc-password-file " + values.get("jdbc-password-file") + " cannot be read: " + e.getMessage());
            }
        }
        TurnLimits turnLimits = TurnLimits.parse(values, problems);
        io.confab.core.events.OutboxConfig outbox = io.confab.core.events.OutboxConfig.parse(values, problems);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new CoreConfig(values.get("host"), port, tls, cert, key, values.get("jdbc-url"), values.get("jdbc-user"),
                jdbcPassword, values.get("kafka"), secret, Duration.ofSeconds(ttl),
                Duration.ofSeconds(grace), Path.of(values.get("data-dir")), turnPort, values.get("turn-realm"), turnSecret,
                Boolean.parseBoolean(allowLoopback), turnTlsPort, turnCert, turnKey, sfuPort, announce, lastN, dataApiUrl,
                operatorKey, metricsPort, turnLimits, values.getOrDefault("metrics-host", values.get("host")), outbox);
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

    /**
     * Where Argon2 work for callers not yet signed in runs: all cores but one and 32 waiting (see
     * {@link io.confab.core.guard.Argon2Pool.Config#defaults()}); flags for them are planned.
     */
    public io.confab.core.guard.Argon2Pool.Config argon2() {
        return io.confab.core.guard.Argon2Pool.Config.defaults();
    }

    private static int integer(Map<String, String> values, String key, int min, int max, List<String> problems) {
        try {
            int value = Integer.parseInt(values.get(key));
            if (value < min || value > max) {
                problems.add("--" + key + " must be between " + min + " and " + max + ", got " + value);
            }
            return value;
        } catch (NumberFormatException e) {
            problems.add("--" + key + " must be a number, got '" + values.get(key) + "'");
            return min;
        }
    }
}
