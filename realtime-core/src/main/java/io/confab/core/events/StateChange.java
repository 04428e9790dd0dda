package io.confab.core.events;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * A change to PostgreSQL that an event describes, run in the transaction that writes the event to
 * the outbox: both are stored, or neither.
 */
@FunctionalInterface
public interface StateChange {

    /** Nothing to store besides the event itself. */
    StateChange NONE = connection -> { };

    void apply(Connection connection) throws SQLException;
}
