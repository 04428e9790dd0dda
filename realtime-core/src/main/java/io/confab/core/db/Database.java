package io.confab.core.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL for users, accounts and meetings: a connection pool, and schema migrations applied in
 * order at start-up. Migrations are the numbered SQL files {@code V1__....sql}, {@code V2__...}
 * under {@code io/confab/core/db/migration/}, listed in {@link #MIGRATIONS}; each runs once, in its
 * own transaction, recorded in {@code schema_migrations}. A migration is never edited after it has
 * shipped; a change is a new one.
 */
public final class Database implements AutoCloseable {

    static final List<String> MIGRATIONS = List.of(
            "V1__accounts_users_meetings.sql",
            "V2__meeting_start_as_local_time.sql",
            "V4__meeting_transcription_setting.sql",
            "V5__revoked_tokens.sql",
            "V6__meeting_event_outbox.sql");

    private final HikariDataSource pool;

    /** {@code poolSize}: connections at most, what the REST workers and signaling's lookups share. */
    public Database(String jdbcUrl, String user, String password, int poolSize) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(jdbcUrl);
        config.setUsername(user);
        if (password != null && !password.isEmpty()) {
            config.setPassword(password);
        }
        config.setMaximumPoolSize(poolSize);
        config.setMinimumIdle(1);
        config.setPoolName("confab-postgres");
        config.setConnectionTimeout(10_000);
        this.pool = new HikariDataSource(config);
    }

    public DataSource dataSource() {
        return pool;
    }

    /** Applies the migrations not applied yet; returns their names. */
    public List<String> migrate() throws SQLException {
        List<String> applied = new ArrayList<>();
        try (Connection connection = pool.getConnection()) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE IF NOT EXISTS schema_migrations ("
                        + "version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())");
            }
            // One migrator at a time, even with several realtime-core nodes starting together.
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT pg_advisory_lock(726374)");
            }
            try {
                for (String migration : MIGRATIONS) {
                    if (!isApplied(connection, migration)) {
                        apply(connection, migration);
                        applied.add(migration);
                    }
                }
            } finally {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SELECT pg_advisory_unlock(726374)");
                }
            }
        }
        return applied;
    }

    private static boolean isApplied(Connection connection, String migration) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT 1 FROM schema_migrations WHERE version = ?")) {
            select.setString(1, migration);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static void apply(Connection connection, String migration) throws SQLException {
        String sql;
        try (InputStream in = Database.class.getResourceAsStream("migration/" + migration)) {
            if (in == null) {
                throw new IllegalStateException("migration " + migration + " is listed but missing from the jar");
            }
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read migration " + migration, e);
        }
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
            try (PreparedStatement record = connection.prepareStatement("INSERT INTO schema_migrations (version) VALUES (?)")) {
                record.setString(1, migration);
                record.executeUpdate();
            }
            connection.commit();
        } catch (SQLException e) {
            Rollback.after(e, connection);
            // Auto-commit is restored after a success only: on a broken connection that fails too and
            // would replace the cause, and a failed migration stops start-up anyway.
            throw new SQLException("migration " + migration + " failed: " + e.getMessage(), e);
        }
        connection.setAutoCommit(autoCommit);
    }

    @Override
    public void close() {
        pool.close();
    }
}
