package io.confab.jobs.config;

import io.confab.jobs.kafka.KafkaIo;
import io.confab.storage.cassandra.CassandraLogin;
import io.confab.storage.kafka.KafkaLogin;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * A Flink job's properties file as its configuration record reads it (the recording mixer's, the
 * transcription job's). The launcher writes the file with mode 0600, since it holds the S3 keys and
 * logins: secrets never go on a command line, where {@code ps} and Flink's web UI would show them.
 * Every key must be known, and a missing or bad value stops the job at submission with one line
 * naming the job and the key.
 */
public final class JobProperties {

    /** Where a job reads and writes: Kafka, S3 and Cassandra, with their logins. Every job's file has them. */
    public static final Set<String> CONNECTION_KEYS = Set.of("kafka.bootstrap", "kafka.user", "kafka.password", "kafka.group",
            "s3.endpoint", "s3.region", "s3.access-key", "s3.secret-key", "s3.bucket",
            "cassandra.contact-point", "cassandra.datacenter", "cassandra.user", "cassandra.password");

    private final Properties properties;
    private final String job;

    private JobProperties(Properties properties, String job) {
        this.properties = properties;
        this.job = job;
    }

    /** The file's properties, as written. */
    public static Properties load(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        return properties;
    }

    /**
     * The properties of {@code job} (e.g. "recording mixer", the start of every error).
     *
     * @throws IllegalArgumentException naming the keys that are not {@code known}, and the known ones
     */
    public static JobProperties of(Properties properties, String job, Set<String> known) {
        Set<String> unknown = new TreeSet<>(properties.stringPropertyNames());
        unknown.removeAll(known);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(job + ": unknown configuration key(s) " + unknown + "; known: " + new TreeSet<>(known));
        }
        return new JobProperties(properties, job);
    }

    /** The value, stripped. */
    public String required(String key) {
        String value = properties.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(job + ": configuration key " + key + " is missing");
        }
        return value.strip();
    }

    /** The value as written, or {@code fallback} when the key is absent. */
    public String optional(String key, String fallback) {
        return properties.getProperty(key, fallback);
    }

    /** A whole number of at least 0, or {@code fallback} when the key is absent; a blank value is bad, not absent. */
    public int integer(String key, int fallback) {
        String value = properties.getProperty(key);
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value.strip());
            if (parsed < 0) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(job + ": " + key + " must be a whole number >= 0, was \"" + value + "\"");
        }
    }

    /** {@code true} or {@code false} in any case, or {@code fallback} when the key is absent. */
    public boolean bool(String key, boolean fallback) {
        String value = properties.getProperty(key);
        if (value == null) {
            return fallback;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException(job + ": " + key + " must be true or false, was \"" + value + "\"");
        };
    }

    /** The {@link #CONNECTION_KEYS}; {@code kafka.group} is {@code defaultGroup} when absent. */
    public JobConnections connections(String defaultGroup) {
        return new JobConnections(required("kafka.bootstrap"), kafkaLogin(), optional("kafka.group", defaultGroup),
                required("s3.endpoint"), optional("s3.region", "us-east-1"), required("s3.access-key"),
                required("s3.secret-key"), optional("s3.bucket", "confab"),
                required("cassandra.contact-point"), optional("cassandra.datacenter", "datacenter1"),
                cassandraLogin());
    }

    /** {@code kafka.user} and {@code kafka.password}, both or neither. */
    public KafkaLogin kafkaLogin() {
        return KafkaIo.login(properties, job);
    }

    /** {@code cassandra.user} and {@code cassandra.password}: this file is a secret of mode 0600, like the S3 key in it. */
    public CassandraLogin cassandraLogin() {
        String user = properties.getProperty("cassandra.user");
        String password = properties.getProperty("cassandra.password");
        if ((user == null) != (password == null)) {
            throw new IllegalArgumentException("cassandra.user and cassandra.password go together: give both or neither");
        }
        return user == null ? CassandraLogin.NONE : new CassandraLogin(user, password);
    }
}
