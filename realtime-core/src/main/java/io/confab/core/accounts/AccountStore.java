package io.confab.core.accounts;

import io.confab.core.db.Rollback;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;

/** Accounts and users in PostgreSQL. */
public final class AccountStore {

    /** A user with the stored Argon2id hash of their password, for sign-in only. */
    public record Credentials(User user, String passwordHash) {
    }

    /** The email is taken (the unique constraint decided, so concurrent sign-ups are safe). */
    public static final class EmailTaken extends Exception {
        public EmailTaken(String email) {
            super("an account with " + email + " already exists; sign in instead");
        }
    }

    private final DataSource database;

    public AccountStore(DataSource database) {
        this.database = database;
    }

    /**
     * Creates an account and its owner in one transaction. Personal meeting IDs are random; the
     * unique key decides, and on the rare collision another is drawn.
     */
    public User createAccountWithOwner(String accountName, Email email, DisplayName name, String passwordHash,
                                       java.util.function.Supplier<String> personalMeetingIds) throws SQLException, EmailTaken {
        for (int attempt = 1; ; attempt++) {
            try {
                return insert(accountName, email, name, passwordHash, personalMeetingIds.get());
            } catch (SQLException e) {
                if (attempt >= 5 || !"23505".equals(e.getSQLState()) || !e.getMessage().contains("personal_meeting_id")) {
                    throw e;
                }
            }
        }
    }

    private User insert(String accountName, Email email, DisplayName name, String passwordHash,
                        String personalMeetingId) throws SQLException, EmailTaken {
        String accountId = UUID.randomUUID().toString();
        String userId = UUID.randomUUID().toString();
        try (Connection connection = database.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement account = connection.prepareStatement("INSERT INTO accounts (id, name) VALUES (?::uuid, ?)");
                 PreparedStatement user = connection.prepareStatement("INSERT INTO users (id, account_id, email, display_name,"
                         + " password_hash, role, personal_meeting_id) VALUES (?::uuid, ?::uuid, ?, ?, ?, ?, ?)")) {
                account.setString(1, accountId);
                account.setString(2, accountName);
                account.executeUpdate();
                user.setString(1, userId);
                user.setString(2, accountId);
                user.setString(3, email.address());
                user.setString(4, name.value());
                user.setString(5, passwordHash);
                user.setString(6, Role.ACCOUNT_OWNER.name());
                user.setString(7, personalMeetingId);
                user.executeUpdate();
                connection.commit();
            } catch (SQLException e) {
                Rollback.after(e, connection);
                if ("23505".equals(e.getSQLState()) && e.getMessage().contains("users_email_key")) {
                    throw new EmailTaken(email.address());
                }
                throw e;
            }
        }
        return new User(userId, accountId, email.address(), name.value(), Role.ACCOUNT_OWNER, personalMeetingId);
    }

    /** Adds a user with {@code role} to an existing account (the owner invites hosts and participants). */
    public User addUser(String accountId, Email email, DisplayName name, String passwordHash, Role role,
                        java.util.function.Supplier<String> personalMeetingIds) throws SQLException, EmailTaken {
        for (int attempt = 1; ; attempt++) {
            String userId = UUID.randomUUID().toString();
            String pmi = personalMeetingIds.get();
            try (Connection connection = database.getConnection();
                 PreparedStatement user = connection.prepareStatement("INSERT INTO users (id, account_id, email, display_name,"
                         + " password_hash, role, personal_meeting_id) VALUES (?::uuid, ?::uuid, ?, ?, ?, ?, ?)")) {
                user.setString(1, userId);
                user.setString(2, accountId);
                user.setString(3, email.address());
                user.setString(4, name.value());
                user.setString(5, passwordHash);
                user.setString(6, role.name());
                user.setString(7, pmi);
                user.executeUpdate();
                return new User(userId, accountId, email.address(), name.value(), role, pmi);
            } catch (SQLException e) {
                if ("23505".equals(e.getSQLState()) && e.getMessage().contains("users_email_key")) {
                    throw new EmailTaken(email.address());
                }
                if (attempt >= 5 || !"23505".equals(e.getSQLState()) || !e.getMessage().contains("personal_meeting_id")) {
                    throw e;
                }
            }
        }
    }

    /** The users of one account, oldest first. */
    public java.util.List<User> usersOf(String accountId) throws SQLException {
        try (Connection connection = database.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT id, account_id, email, display_name, role,"
                     + " personal_meeting_id FROM users WHERE account_id = ?::uuid ORDER BY created_at")) {
            select.setString(1, accountId);
            java.util.List<User> users = new java.util.ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    users.add(new User(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            Role.valueOf(rs.getString(5)), rs.getString(6)));
                }
            }
            return users;
        }
    }

    public Optional<Credentials> findByEmail(Email email) throws SQLException {
        return find("email = ?", email.address());
    }

    public Optional<User> findById(String userId) throws SQLException {
        try {
            UUID.fromString(userId);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        return find("id = ?::uuid", userId).map(Credentials::user);
    }

    private Optional<Credentials> find(String where, String value) throws SQLException {
        try (Connection connection = database.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT id, account_id, email, display_name, role,"
                     + " personal_meeting_id, password_hash FROM users WHERE " + where)) {
            select.setString(1, value);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                User user = new User(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        Role.valueOf(rs.getString(5)), rs.getString(6));
                return Optional.of(new Credentials(user, rs.getString(7)));
            }
        }
    }
}
