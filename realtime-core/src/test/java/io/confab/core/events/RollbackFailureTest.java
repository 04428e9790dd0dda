package io.confab.core.events;

import io.confab.core.db.Rollback;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.IdentityHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When the outbox's transaction fails and its rollback fails too (the connection broke), the log
 * still says why the transaction failed: the first failure is what is thrown, the rollback's is
 * suppressed in it. Before, the rollback's exception replaced it. PostgreSQL is a fake connection.
 */
class RollbackFailureTest {

    private final SQLException commitFailed = new SQLException("commit: I/O error, connection reset", "08006");
    private final SQLException rollbackFailed = new SQLException("This connection has been closed.", "08003");

    @Test
    void aFailedCommitStaysTheCauseWhenItsRollbackFailsToo() {
        Connection broken = brokenConnection();

        SQLException thrown = assertThrows(SQLException.class, () -> {
            try {
                broken.commit();
            } catch (SQLException e) {
                Rollback.after(e, broken);
                throw e;
            }
        });

        assertSame(commitFailed, thrown, "the commit's failure is the cause, not the rollback's");
        assertEquals(1, thrown.getSuppressed().length, "the rollback's failure is kept beside it");
        assertSame(rollbackFailed, thrown.getSuppressed()[0]);
    }

    @Test
    void aFailedRequestChangeStaysTheCauseWhenItsSavepointCannotBeRolledBackTo() {
        SQLException constraint = new SQLException("duplicate key value violates unique constraint \"meetings_pkey\"", "23505");
        OutboxEntry request = new OutboxEntry("85123456789", "7b0b5a3e-3f7e-4d5c-9a38-1f1f8e2c4a10", new byte[]{1},
                connection -> {
                    throw constraint;
                }, 1);
        Map<OutboxEntry, Exception> failed = new IdentityHashMap<>();

        SQLException thrown = assertThrows(SQLException.class, () -> EventOutbox.applyAlone(brokenConnection(), request, failed));

        assertSame(constraint, thrown, "the change's failure is the cause: the whole group is retried with it in the log");
        assertSame(rollbackFailed, thrown.getSuppressed()[0]);
        assertTrue(failed.isEmpty(), "not failed alone: the group is retried, so the request is not answered yet");
    }

    /** A connection that opens savepoints but whose commit and every rollback fail, as one whose socket was reset. */
    private Connection brokenConnection() {
        return (Connection) Proxy.newProxyInstance(RollbackFailureTest.class.getClassLoader(), new Class<?>[]{Connection.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "setAutoCommit", "close", "releaseSavepoint" -> null;
                    case "setSavepoint" -> Proxy.newProxyInstance(RollbackFailureTest.class.getClassLoader(),
                            new Class<?>[]{Savepoint.class}, (s, m, a) -> {
                                throw new UnsupportedOperationException("Savepoint." + m.getName());
                            });
                    case "commit" -> throw commitFailed;
                    case "rollback" -> throw rollbackFailed;
                    default -> throw new UnsupportedOperationException("Connection." + method.getName());
                });
    }
}
