package io.confab.storage.kafka;

import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.common.config.SaslConfigs;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Whom a client authenticates to Kafka as: nobody where the broker trusts everyone who reaches it
 * (the embedded broker on loopback), or a SCRAM-SHA-512 user and its password where the broker's
 * listener is {@code SASL_PLAINTEXT}. {@link #clientProperties} is the one place that turns a login
 * into client settings, for every producer, consumer, admin client, Kafka Streams app and Flink
 * connector of Confab. The password travels in a file or the environment, never on a command line,
 * and {@link #toString} never shows it.
 */
public record KafkaLogin(String user, String password) implements Serializable {

    /** No credentials: the broker's listener is {@code PLAINTEXT}. */
    public static final KafkaLogin NONE = new KafkaLogin(null, null);

    /**
     * SCRAM (RFC 5802) rather than PLAIN: the password itself never crosses the unencrypted
     * connection, only a proof of it; SHA-512, the strongest of the two Kafka offers.
     */
    public static final String MECHANISM = "SCRAM-SHA-512";

    /** Where the command-line tools that take a user flag (billing, the warehouse export) read its password. */
    public static final String PASSWORD_VARIABLE = "CONFAB_KAFKA_PASSWORD";

    public KafkaLogin {
        if ((user == null) != (password == null)) {
            throw new IllegalArgumentException("a Kafka login needs both a user and a password, or neither");
        }
        if (user != null && (user.isBlank() || password.isEmpty())) {
            throw new IllegalArgumentException("a Kafka login needs a non-blank user and a non-empty password");
        }
    }

    /**
     * The login named by {@code --kafka-user} and {@code --kafka-password-file}, or {@link #NONE}
     * when no user is given.
     *
     * @throws IllegalArgumentException naming the file when a user is given and the file cannot be read or is empty
     */
    public static KafkaLogin of(String user, String passwordFile) {
        if (user == null || user.isBlank()) {
            return NONE;
        }
        if (passwordFile == null || passwordFile.isBlank()) {
            throw new IllegalArgumentException("--kafka-user " + user + " needs --kafka-password-file");
        }
        String password;
        try {
            password = Files.readString(Path.of(passwordFile)).strip();
        } catch (IOException e) {
            throw new IllegalArgumentException("--kafka-password-file " + passwordFile + " cannot be read: " + e.getMessage());
        }
        if (password.isEmpty()) {
            throw new IllegalArgumentException("--kafka-password-file " + passwordFile + " is empty");
        }
        return new KafkaLogin(user, password);
    }

    /**
     * The login named by {@code --kafka-user}, its password from {@value #PASSWORD_VARIABLE} in
     * {@code environment}, or {@link #NONE} when no user is given.
     *
     * @throws IllegalArgumentException when a user is given and the variable is unset or empty
     */
    public static KafkaLogin fromEnvironment(String user, Map<String, String> environment) {
        if (user == null || user.isBlank()) {
            return NONE;
        }
        String password = environment.get(PASSWORD_VARIABLE);
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("--kafka-user " + user + " needs its password in " + PASSWORD_VARIABLE);
        }
        return new KafkaLogin(user, password);
    }

    public boolean required() {
        return user != null;
    }

    /**
     * The client settings of this login: none for {@link #NONE}, else {@code security.protocol},
     * {@code sasl.mechanism} and {@code sasl.jaas.config}. Add them to any client's settings beside
     * {@code bootstrap.servers}.
     */
    public Map<String, String> clientProperties() {
        if (!required()) {
            return Map.of();
        }
        return Map.of(CommonClientConfigs.SECURITY_PROTOCOL_CONFIG, "SASL_PLAINTEXT",
                SaslConfigs.SASL_MECHANISM, MECHANISM,
                SaslConfigs.SASL_JAAS_CONFIG, jaasConfig());
    }

    /** {@code settings} and this login's {@link #clientProperties} in one new map, for a client's constructor. */
    public Map<String, Object> addTo(Map<String, ?> settings) {
        Map<String, Object> all = new HashMap<>(settings);
        all.putAll(clientProperties());
        return all;
    }

    /** The JAAS line of SCRAM's login module, also what a broker's own inter-broker client uses. */
    public String jaasConfig() {
        if (!required()) {
            throw new IllegalStateException("no Kafka login to configure");
        }
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=" + quoted(user)
                + " password=" + quoted(password) + ";";
    }

    /** A JAAS option value: Kafka's parser reads a double-quoted string with backslash escapes. */
    private static String quoted(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    @Override
    public String toString() {
        return required() ? "KafkaLogin[user=" + user + "]" : "KafkaLogin[none]";
    }
}
