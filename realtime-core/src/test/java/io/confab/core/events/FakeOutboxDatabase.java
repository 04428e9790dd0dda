package io.confab.core.events;

import javax.sql.DataSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A fake of the outbox's PostgreSQL for unit tests: it keeps the committed outbox rows and what the
 * state changes wrote, answers the outbox's own statements, and holds each commit until the test
 * lets it through, so a test can look at what Kafka got before and after a commit.
 */
final class FakeOutboxDatabase {

    private final Semaphore commits = new Semaphore(0);
    private final java.util.concurrent.atomic.AtomicInteger waiting = new java.util.concurrent.atomic.AtomicInteger();
    private final List<UUID> committedEvents = new ArrayList<>();
    private final List<String> committedWrites = new ArrayList<>();
    private long nextPosition = 1;

    /** Lets {@code n} more commits through. */
    void allowCommits(int n) {
        commits.release(n);
    }

    /** Lets every commit through from now on. */
    void allowAllCommits() {
        commits.release(1_000_000);
    }

    /** Transactions waiting for the test to let their commit through. */
    int commitsWaiting() {
        return waiting.get();
    }

    synchronized List<UUID> committedEvents() {
        return new ArrayList<>(committedEvents);
    }

    synchronized List<String> committedWrites() {
        return new ArrayList<>(committedWrites);
    }

    DataSource dataSource() {
        return proxy(DataSource.class, (p, method, args) -> switch (method.getName()) {
            case "getConnection" -> new Transaction().connection();
            default -> throw new UnsupportedOperationException(method.getName());
        });
    }

    /** A state change that writes {@code what} on the transaction's connection. */
    static StateChange writes(String what) {
        return connection -> connection.unwrap(Transaction.class).writes.add(what);
    }

    /** A state change that fails as a constraint would, after writing {@code what}. */
    static StateChange failsAfterWriting(String what) {
        return connection -> {
            connection.unwrap(Transaction.class).writes.add(what);
            throw new SQLException("duplicate key value violates unique constraint \"meetings_pkey\"", "23505");
        };
    }

    private final class Transaction {
        final List<String> writes = new ArrayList<>();
        final List<UUID> events = new ArrayList<>();
        final List<int[]> savepoints = new ArrayList<>();

        Connection connection() {
            return proxy(Connection.class, (p, method, args) -> switch (method.getName()) {
                case "setAutoCommit", "close" -> null;
                case "unwrap" -> this;
                case "createStatement" -> statement();
                case "prepareStatement" -> prepared((String) args[0]);
                case "createArrayOf" -> proxy(java.sql.Array.class, (a, m, x) -> null);
                case "setSavepoint" -> {
                    int[] mark = {writes.size(), events.size()};
                    savepoints.add(mark);
                    int id = savepoints.size() - 1;
                    yield proxy(Savepoint.class, (s, m, x) -> {
                        if (m.getName().equals("getSavepointId")) {
                            return id;
                        }
                        throw new UnsupportedOperationException("Savepoint." + m.getName());
                    });
                }
                case "releaseSavepoint" -> null;
                case "rollback" -> {
                    if (args == null) {
                        writes.clear();
                        events.clear();
                    } else {
                        int[] mark = savepoints.get(((Savepoint) args[0]).getSavepointId());
                        writes.subList(mark[0], writes.size()).clear();
                        events.subList(mark[1], events.size()).clear();
                    }
                    yield null;
                }
                case "commit" -> {
                    waiting.incrementAndGet();
                    try {
                        if (!commits.tryAcquire(30, TimeUnit.SECONDS)) {
                            throw new SQLException("the test never let this commit through");
                        }
                    } finally {
                        waiting.decrementAndGet();
                    }
                    synchronized (FakeOutboxDatabase.this) {
                        committedWrites.addAll(writes);
                        committedEvents.addAll(events);
                    }
                    yield null;
                }
                default -> throw new UnsupportedOperationException("Connection." + method.getName());
            });
        }

        Statement statement() {
            return proxy(Statement.class, (p, method, args) -> switch (method.getName()) {
                case "execute" -> false;
                case "close" -> null;
                default -> throw new UnsupportedOperationException("Statement." + method.getName());
            });
        }

        PreparedStatement prepared(String sql) {
            List<UUID> bound = new ArrayList<>();
            return proxy(PreparedStatement.class, (p, method, args) -> switch (method.getName()) {
                case "setObject" -> {
                    if (args[1] instanceof UUID id) {
                        bound.add(id);
                    }
                    yield null;
                }
                case "setString", "setBytes", "setLong", "setInt", "setArray", "close" -> null;
                case "executeUpdate" -> 0;
                case "executeQuery" -> sql.startsWith("INSERT INTO meeting_event_outbox") ? inserted(bound) : rows(List.of());
                default -> throw new UnsupportedOperationException("PreparedStatement." + method.getName());
            });
        }

        ResultSet inserted(List<UUID> ids) {
            List<Object[]> rows = new ArrayList<>();
            synchronized (FakeOutboxDatabase.this) {
                for (UUID id : ids) {
                    events.add(id);
                    rows.add(new Object[]{nextPosition++, id});
                }
            }
            return rows(rows);
        }
    }

    private static ResultSet rows(List<Object[]> rows) {
        int[] at = {-1};
        return proxy(ResultSet.class, (p, method, args) -> switch (method.getName()) {
            case "next" -> ++at[0] < rows.size();
            case "getLong" -> (Long) rows.get(at[0])[0];
            case "getObject" -> rows.get(at[0])[1];
            case "close" -> null;
            default -> throw new UnsupportedOperationException("ResultSet." + method.getName());
        });
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, InvocationHandler handler) {
        return (T) Proxy.newProxyInstance(FakeOutboxDatabase.class.getClassLoader(), new Class<?>[]{type}, handler);
    }
}
