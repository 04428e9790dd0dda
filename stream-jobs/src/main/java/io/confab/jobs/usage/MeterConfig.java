package io.confab.jobs.usage;

import io.confab.storage.cassandra.CassandraLogin;
import io.confab.storage.kafka.KafkaLogin;

import io.confab.jobs.usage.presence.MeterRules;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The usage meter's whole configuration, from {@code --key=value} arguments (the launcher passes
 * them). Durations are ISO-8601 ({@code PT24H}) or seconds. A bad value stops start-up with one
 * line naming the key.
 */
public record MeterConfig(String kafka, KafkaLogin kafkaLogin, String cassandra, String cassandraDatacenter, CassandraLogin cassandraLogin, String host, int port,
                          Path stateDir, String applicationId, Duration maxSkew, MeterRules rules,
                          Duration commitInterval, Duration tick) {

    /** How often the meter commits its transaction when {@code --commit-interval} is not given. */
    public static final Duration DEFAULT_COMMIT_INTERVAL = Duration.ofMillis(200);

    public static final String HELP = """
            Usage: usage-meter --kafka=HOST:PORT --cassandra=HOST:PORT --state-dir=DIR [options]
            The Kafka Streams usage meter (exactly once): meeting.events, recording.artifacts and
            transcript.segments in; usage.records, Cassandra usage_by_account_day and
            participant_sessions_by_meeting out; live state and /metrics over HTTP.
              --kafka=HOST:PORT               Kafka bootstrap servers (required)
              --kafka-user=USER               authenticate as this SCRAM-SHA-512 user (a SASL_PLAINTEXT listener)
              --kafka-password-file=FILE      that user's password, in a file (never on the command line)
              --cassandra=HOST:PORT           Cassandra contact point (required)
              --cassandra-datacenter=NAME     default datacenter1
              --cassandra-user=ROLE           log in as this role (a node with PasswordAuthenticator)
              --cassandra-password-file=FILE  that role's password, in a file (never on the command line)
              --host=ADDR --port=N            live state and metrics (default 127.0.0.1:8095; 0 = any free)
              --state-dir=DIR                 Kafka Streams state (required)
              --application-id=ID             default confab-usage-meter
              --max-skew=DURATION             usage.max-skew, default PT24H
              --grace=DURATION                usage.grace, default PT10M
              --presence-timeout=DURATION     usage.presence-timeout, default PT24H
              --reconnect-grace=DURATION      usage.reconnect-grace, default PT2M
              --state-retention=DURATION      usage.state-retention, default PT26H
              --quiet=DURATION                usage.quiet: processing time after which a quiet meeting
                                              follows the task's event clock, default PT60S
              --commit-interval=DURATION      transaction commit interval, default PT0.2S
              --tick=DURATION                 how often deadlines are checked, default PT1S
            """;

    public static MeterConfig parse(String... args) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("usage-meter: unexpected argument '" + arg + "' (expected --key=value; see --help)");
            }
            values.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        Map<String, String> left = new LinkedHashMap<>(values);
        MeterConfig config = new MeterConfig(
                required(left, "kafka"),
                kafkaLogin(left),
                required(left, "cassandra"),
                optional(left, "cassandra-datacenter", "datacenter1"),
                login(left),
                optional(left, "host", "127.0.0.1"),
                port(optional(left, "port", "8095")),
                Path.of(required(left, "state-dir")),
                optional(left, "application-id", "confab-usage-meter"),
                duration(left, "max-skew", "PT24H"),
                new MeterRules(duration(left, "grace", "PT10M").toMillis(),
                        duration(left, "presence-timeout", "PT24H").toMillis(),
                        duration(left, "reconnect-grace", "PT2M").toMillis(),
                        duration(left, "state-retention", "PT26H").toMillis(),
                        duration(left, "quiet", "PT60S").toMillis()),
                duration(left, "commit-interval", DEFAULT_COMMIT_INTERVAL.toString()),
                duration(left, "tick", "PT1S"));
        if (!left.isEmpty()) {
            throw new IllegalArgumentException("usage-meter: unknown option --" + left.keySet().iterator().next() + " (see --help)");
        }
        return config;
    }

    private static KafkaLogin kafkaLogin(Map<String, String> values) {
        try {
            return KafkaLogin.of(values.remove("kafka-user"), values.remove("kafka-password-file"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("usage-meter: " + e.getMessage());
        }
    }

    private static CassandraLogin login(Map<String, String> values) {
        try {
            return CassandraLogin.of(values.remove("cassandra-user"), values.remove("cassandra-password-file"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("usage-meter: " + e.getMessage());
        }
    }

    private static String required(Map<String, String> values, String key) {
        String value = values.remove(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("usage-meter: --" + key + " is required (see --help)");
        }
        return value;
    }

    private static String optional(Map<String, String> values, String key, String fallback) {
        String value = values.remove(key);
        return value == null ? fallback : value;
    }

    private static int port(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("usage-meter: --port must be 0..65535, not '" + value + "'");
        }
    }

    private static Duration duration(Map<String, String> values, String key, String fallback) {
        String value = optional(values, key, fallback);
        try {
            Duration duration = value.matches("\\d+") ? Duration.ofSeconds(Long.parseLong(value)) : Duration.parse(value);
            if (duration.isNegative()) {
                throw new IllegalArgumentException("usage-meter: --" + key + " must not be negative, not '" + value + "'");
            }
            return duration;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("usage-meter: --" + key + " must be a duration such as PT10M or seconds, not '" + value + "'");
        }
    }
}
