package io.confab.core.events;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A change to PostgreSQL that a meeting event describes (a meeting's status, its running
 * recording), run by the outbox in the transaction that stores the event: both are stored, or
 * neither.
 */
@FunctionalInterface
public interface StateChange {

    /** The event describes nothing PostgreSQL holds (a join, a mute, a chat message). */
    StateChange NONE = connection -> { };

    void apply(Connection connection) throws SQLException;
}
