package io.confab.core.db;

import java.sql.Connection;
import java.sql.SQLException;

/** Rolling a transaction back after it failed, without losing why it failed. */
public final class Rollback {

    private Rollback() {
    }

    /**
     * Rolls the transaction back after {@code failure}, which the caller then throws. A rollback
     * that fails too (the connection broke, which {@code failure} mostly says already) is added to it
     * as suppressed instead of replacing it: the log keeps the cause, not only "connection closed".
     */
    public static void after(Exception failure, Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException | RuntimeException rollbackFailure) {
            failure.addSuppressed(rollbackFailure);
        }
    }
}
