package io.confab.storage.cassandra;

import com.datastax.oss.driver.api.core.CqlSessionBuilder;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Whom a client logs in to Cassandra as: nobody where the node trusts everyone who reaches it (the
 * embedded node on loopback), or a role and its password where the node requires them
 * ({@code PasswordAuthenticator}). The password travels in a file, never on a command line, and
 * {@link #toString} never shows it.
 */
public record CassandraLogin(String user, String password) implements Serializable {

    /** No credentials: the node runs {@code AllowAllAuthenticator}. */
    public static final CassandraLogin NONE = new CassandraLogin(null, null);

    public CassandraLogin {
        if ((user == null) != (password == null)) {
            throw new IllegalArgumentException("a Cassandra login needs both a user and a password, or neither");
        }
    }

    /**
     * The login named by a user and a password file, or {@link #NONE} when no user is given.
     *
     * @throws IllegalArgumentException naming the file when a user is given and the file cannot be read or is empty
     */
    public static CassandraLogin of(String user, String passwordFile) {
        if (user == null || user.isBlank()) {
            return NONE;
        }
        if (passwordFile == null || passwordFile.isBlank()) {
            throw new IllegalArgumentException("--cassandra-user " + user + " needs --cassandra-password-file");
        }
        String password;
        try {
            password = Files.readString(Path.of(passwordFile)).trim();
        } catch (IOException e) {
            throw new IllegalArgumentException("--cassandra-password-file " + passwordFile + " cannot be read: " + e.getMessage());
        }
        if (password.isEmpty()) {
            throw new IllegalArgumentException("--cassandra-password-file " + passwordFile + " is empty");
        }
        return new CassandraLogin(user, password);
    }

    public boolean required() {
        return user != null;
    }

    /** The builder with this login's credentials, when there are any. */
    public CqlSessionBuilder applyTo(CqlSessionBuilder builder) {
        return required() ? builder.withAuthCredentials(user, password) : Objects.requireNonNull(builder);
    }

    @Override
    public String toString() {
        return required() ? "CassandraLogin[user=" + user + "]" : "CassandraLogin[none]";
    }
}
