package io.confab.core.accounts;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tokens revoked before they expire (sign-out), by token id: kept in PostgreSQL so a restart does
 * not bring them back, and in memory so that checking a token on every request costs a map lookup.
 * Entries go once their token has expired anyway (its expiry refuses it from then on).
 */
public final class RevokedTokens {

    private final DataSource database;
    private final Clock clock;
    private final Map<String, Instant> revoked = new ConcurrentHashMap<>();

    public RevokedTokens(DataSource database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** Reads the revocations still in force (call once the migrations have run); drops the expired ones. */
    public void load() throws SQLException {
        try (Connection connection = database.getConnection()) {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM revoked_tokens WHERE expires_at <= ?")) {
                delete.setTimestamp(1, Timestamp.from(clock.instant()));
                delete.executeUpdate();
            }
            try (PreparedStatement select = connection.prepareStatement("SELECT token_id, expires_at FROM revoked_tokens");
                 ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    revoked.put(rs.getString(1), rs.getTimestamp(2).toInstant());
                }
            }
        }
    }

    /** Revokes {@code token} until it would have expired. */
    public void revoke(AccessToken token) throws SQLException {
        try (Connection connection = database.getConnection();
             PreparedStatement insert = connection.prepareStatement(
                     "INSERT INTO revoked_tokens (token_id, expires_at) VALUES (?, ?) ON CONFLICT (token_id) DO NOTHING")) {
            insert.setString(1, token.tokenId());
            insert.setTimestamp(2, Timestamp.from(token.expiresAt()));
            insert.executeUpdate();
        }
        revoked.put(token.tokenId(), token.expiresAt());
    }

    public boolean isRevoked(AccessToken token) {
        Instant until = revoked.get(token.tokenId());
        if (until != null && !clock.instant().isBefore(until)) {
            revoked.remove(token.tokenId());
            return false;
        }
        return until != null;
    }
}
