package io.confab.dataapi;

import io.confab.storage.cassandra.CassandraLogin;
import io.confab.storage.kafka.KafkaLogin;
import io.confab.storage.s3.S3Endpoint;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * data-api's configuration: one typed record, read from {@code --key=value} arguments (the launcher
 * passes them) over defaults, validated at start with errors that name the key.
 *
 * @param host              address the HTTP server binds to
 * @param port              its port (0: any free port)
 * @param cassandra         contact point {@code host:port}
 * @param cassandraDatacenter the driver's local datacenter
 * @param cassandraLogin    whom to log in to Cassandra as ({@code --cassandra-user}, {@code --cassandra-password-file}); none on loopback
 * @param s3Endpoint        S3 API endpoint URL (path-style addressing); presigned URLs point here
 * @param s3Region          region signed into requests and presigned URLs
 * @param s3AccessKey       S3 access key
 * @param s3SecretKey       S3 secret key
 * @param s3Bucket          the bucket recordings are in unless a file row names another
 * @param tokenSecret       HS256 key of the meeting service's tokens (the same secret realtime-core uses)
 * @param presignTtl        lifetime of a presigned GET URL
 * @param retentionSweep    how often the retention sweep runs
 * @param kafka             bootstrap servers {@code host:port} the webhook dispatcher reads recording.artifacts from
 * @param kafkaLogin        how every Kafka client of data-api authenticates ({@code --kafka-user}, {@code --kafka-password-file}); none on loopback
 * @param webhooks          delivery of webhooks: retry schedule, timeout, which addresses a hook may name
 * @param warehouse         SQL over the warehouse: local cache of its Parquet files, DuckDB's threads and memory
 * @param usageMeter        the usage meter's HTTP address, for {@code /api/usage/live}
 */
public record DataApiConfig(
        String host,
        int port,
        String cassandra,
        String cassandraDatacenter,
        CassandraLogin cassandraLogin,
        URI s3Endpoint,
        String s3Region,
        String s3AccessKey,
        String s3SecretKey,
        String s3Bucket,
        byte[] tokenSecret,
        Duration presignTtl,
        Duration retentionSweep,
        String kafka,
        KafkaLogin kafkaLogin,
        Webhooks webhooks,
        Warehouse warehouse,
        URI usageMeter) {

    /**
     * @param cache       directory the warehouse's Parquet objects are copied into for DuckDB
     * @param threads     DuckDB threads per query
     * @param memoryLimit DuckDB's memory_limit per query, e.g. 1GB
     */
    public record Warehouse(Path cache, int threads, String memoryLimit) {
    }

    /**
     * @param firstRetry       delay before the second attempt; each later one doubles it
     * @param attempts         attempts in all before a delivery is failed for good
     * @param timeout          how long one POST may take, connect to last byte
     * @param poll             how often the poller looks for due deliveries
     * @param privateAddresses whether a hook may name a loopback, private or link-local address
     */
    public record Webhooks(Duration firstRetry, int attempts, Duration timeout, Duration poll, boolean privateAddresses) {
    }

    /** The S3 API every store of data-api signs for. */
    public S3Endpoint s3() {
        return S3Endpoint.pathStyle(s3Endpoint, s3Region, s3AccessKey, s3SecretKey);
    }

    private static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry("host", "127.0.0.1"),
            Map.entry("port", "8090"),
            Map.entry("cassandra", "127.0.0.1:9042"),
            Map.entry("cassandra-datacenter", "datacenter1"),
            Map.entry("s3-endpoint", "http://127.0.0.1:9000"),
            Map.entry("s3-region", "us-east-1"),
            Map.entry("s3-access-key", "confab"),
            Map.entry("s3-bucket", "confab"),
            Map.entry("presign-ttl-seconds", "3600"),
            Map.entry("retention-sweep-seconds", "3600"),
            Map.entry("kafka", "127.0.0.1:9092"),
            Map.entry("webhook-first-retry-ms", "2000"),
            Map.entry("webhook-attempts", "5"),
            Map.entry("webhook-timeout-seconds", "10"),
            Map.entry("webhook-poll-ms", "1000"),
            Map.entry("webhook-private-addresses", "allow"),
            Map.entry("warehouse-cache", System.getProperty("java.io.tmpdir") + "/confab-warehouse-cache"),
            Map.entry("query-threads", Integer.toString(Runtime.getRuntime().availableProcessors())),
            Map.entry("query-memory", "1GB"),
            Map.entry("usage-meter", "http://127.0.0.1:8095"));

    private static final List<String> KEYS = List.of("host", "port", "cassandra", "cassandra-datacenter", "cassandra-user",
            "cassandra-password-file", "s3-endpoint",
            "s3-region", "s3-access-key", "s3-secret-key", "s3-secret-key-file", "s3-bucket", "token-secret",
            "token-secret-file", "presign-ttl-seconds", "retention-sweep-seconds", "kafka", "kafka-user", "kafka-password-file", "webhook-first-retry-ms",
            "webhook-attempts", "webhook-timeout-seconds", "webhook-poll-ms", "webhook-private-addresses",
            "warehouse-cache", "query-threads", "query-memory", "usage-meter");

    /** Parses {@code --key=value} arguments; throws {@link IllegalArgumentException} naming every bad key. */
    public static DataApiConfig parse(String[] args) {
        Map<String, String> values = new LinkedHashMap<>(DEFAULTS);
        List<String> problems = new ArrayList<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0) {
                problems.add("argument '" + arg + "' is not --key=value");
                continue;
            }
            String key = arg.substring(2, eq);
            if (!KEYS.contains(key)) {
                problems.add("unknown key --" + key);
                continue;
            }
            values.put(key, arg.substring(eq + 1));
        }
        int port = integer(values, "port", 0, 65535, problems);
        if (!values.get("cassandra").matches("[^\\s:/]+:\\d{1,5}")) {
            problems.add("--cassandra must be host:port, got '" + values.get("cassandra") + "'");
        }
        CassandraLogin cassandraLogin = CassandraLogin.NONE;
        try {
            cassandraLogin = CassandraLogin.of(values.get("cassandra-user"), values.get("cassandra-password-file"));
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        KafkaLogin kafkaLogin = KafkaLogin.NONE;
        try {
            kafkaLogin = KafkaLogin.of(values.get("kafka-user"), values.get("kafka-password-file"));
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        URI endpoint = null;
        if (!values.get("s3-endpoint").matches("https?://[^/\\s]+/?")) {
            problems.add("--s3-endpoint must be a URL like http://host:9000, got '" + values.get("s3-endpoint") + "'");
        } else {
            endpoint = URI.create(values.get("s3-endpoint"));
        }
        String s3Secret = fromFile(values, "s3-secret-key", problems);
        if (s3Secret == null || s3Secret.isBlank()) {
            problems.add("--s3-secret-key or --s3-secret-key-file is required");
        }
        byte[] tokenSecret = null;
        String hex = fromFile(values, "token-secret", problems);
        if (hex == null || hex.isBlank()) {
            problems.add("--token-secret-file (or --token-secret) is required: the web server's token secret, hex, at least 32 bytes");
        } else {
            try {
                tokenSecret = HexFormat.of().parseHex(hex);
                if (tokenSecret.length < 32) {
                    problems.add("--token-secret must be at least 32 bytes (64 hex digits), got " + tokenSecret.length);
                }
            } catch (IllegalArgumentException e) {
                problems.add("--token-secret must be hex digits");
            }
        }
        if (!values.get("s3-bucket").matches("[a-z0-9][a-z0-9.-]{2,62}")) {
            problems.add("--s3-bucket must be a valid bucket name, got '" + values.get("s3-bucket") + "'");
        }
        // S3 allows a SigV4 presigned URL to live at most 7 days.
        int ttl = integer(values, "presign-ttl-seconds", 1, 7 * 24 * 3600, problems);
        int sweep = integer(values, "retention-sweep-seconds", 1, 7 * 24 * 3600, problems);
        if (!values.get("kafka").matches("[^\\s:/,]+:\\d{1,5}(,[^\\s:/,]+:\\d{1,5})*")) {
            problems.add("--kafka must be host:port[,host:port...], got '" + values.get("kafka") + "'");
        }
        int firstRetry = integer(values, "webhook-first-retry-ms", 1, 3_600_000, problems);
        int attempts = integer(values, "webhook-attempts", 1, 20, problems);
        int timeout = integer(values, "webhook-timeout-seconds", 1, 300, problems);
        int poll = integer(values, "webhook-poll-ms", 10, 60_000, problems);
        String privateAddresses = values.get("webhook-private-addresses");
        if (!privateAddresses.equals("allow") && !privateAddresses.equals("forbid")) {
            problems.add("--webhook-private-addresses must be allow or forbid, got '" + privateAddresses + "'");
        }
        int queryThreads = integer(values, "query-threads", 1, 256, problems);
        if (!values.get("query-memory").matches("\\d+(\\.\\d+)?\\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)")) {
            problems.add("--query-memory must be a size like 512MB or 2GB, got '" + values.get("query-memory") + "'");
        }
        URI usageMeter = null;
        if (!values.get("usage-meter").matches("https?://[^/\\s]+/?")) {
            problems.add("--usage-meter must be a URL like http://host:8095, got '" + values.get("usage-meter") + "'");
        } else {
            usageMeter = URI.create(values.get("usage-meter"));
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return new DataApiConfig(values.get("host"), port, values.get("cassandra"), values.get("cassandra-datacenter"),
                cassandraLogin, endpoint, values.get("s3-region"), values.get("s3-access-key"), s3Secret, values.get("s3-bucket"),
                tokenSecret, Duration.ofSeconds(ttl), Duration.ofSeconds(sweep), values.get("kafka"), kafkaLogin,
                new Webhooks(Duration.ofMillis(firstRetry), attempts, Duration.ofSeconds(timeout), Duration.ofMillis(poll),
                        privateAddresses.equals("allow")),
                new Warehouse(Path.of(values.get("warehouse-cache")), queryThreads, values.get("query-memory")),
                usageMeter);
    }

    /** {@code --KEY-file} wins over {@code --KEY}: a file keeps a secret out of the process list. */
    private static String fromFile(Map<String, String> values, String key, List<String> problems) {
        String file = values.get(key + "-file");
        if (file == null) {
            return values.get(key);
        }
        try {
            return Files.readString(Path.of(file)).trim();
        } catch (IOException e) {
            problems.add("--" + key + "-file " + file + " cannot be read: " + e.getMessage());
            return null;
        }
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
