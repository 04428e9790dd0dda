package io.confab.dataapi.query;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.duckdb.DuckDBPreparedStatement;
import org.duckdb.QueryProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SQL over the warehouse with embedded DuckDB.
 *
 * <pre>
 * statement ─▶ read-only gate ─▶ cache sync (S3 LIST, fetch changed) ─▶ fresh in-memory DuckDB
 *   ─▶ views over the cached Parquet, confined to the caller's account ─▶ lock: external access off
 *      except the cache directory, configuration locked ─▶ run, with progress logged for full scans
 * </pre>
 *
 * A fresh in-memory database per query costs a few milliseconds and means no caller sees another's
 * temporary objects or views, and the account filter is part of every view's definition.
 */
public final class WarehouseSql {

    /** DuckDB refused or failed the statement; the message is DuckDB's own. */
    public static final class Failed extends RuntimeException {
        public Failed(String message) {
            super(message);
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(WarehouseSql.class);
    private static final Pattern DATE_WORD = Pattern.compile("(?i)\\bdate\\b");

    private final WarehouseFiles cache;
    private final int threads;
    private final String memoryLimit;
    private final ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "query-progress");
        t.setDaemon(true);
        return t;
    });

    public WarehouseSql(WarehouseFiles cache, int threads, String memoryLimit) {
        this.cache = cache;
        this.threads = threads;
        this.memoryLimit = memoryLimit;
    }

    /**
     * Runs one reading statement.
     *
     * @param accountId the account whose rows the views show; null for every account (operator tools, the benchmark)
     * @param maxRows   rows returned at most; the answer says when more were cut
     */
    public QueryAnswer run(String sql, String accountId, int maxRows) {
        String statement;
        try {
            statement = ReadOnlyStatement.check(sql);
        } catch (ReadOnlyStatement.Refused e) {
            // A typo in the first word ("SELEC") is a syntax error, and the user should get DuckDB's words for it.
            String parseError = parseError(sql);
            if (parseError != null) {
                throw new Failed(parseError);
            }
            throw e;
        }
        WarehouseFiles.Sync sync = cache.sync();
        String code = ReadOnlyStatement.codeOnly(statement);
        for (WarehouseView view : WarehouseView.ALL) {
            if (readsView(code, view.name()) && (view.table().isEmpty() || files(view).isEmpty())) {
                throw new Failed("warehouse table " + view.name() + " has no files yet"
                        + (view.table().isEmpty() ? " (nothing exports it yet: its export is planned, issue 17 item 1)"
                        : " (no Parquet under warehouse/" + view.table().get().tableName() + "/ in the bucket)"));
            }
        }
        String notice = allHistoryNotice(code);
        try (Connection connection = open(accountId)) {
            return execute(connection, statement, maxRows, notice,
                    new QueryAnswer.Scope(sync.files(), sync.bytes(), sync.fetched()));
        } catch (SQLException e) {
            throw new Failed(e.getMessage());
        }
    }

    /**
     * DuckDB's parser error for {@code sql}, or null when it parses. Prepared, never executed, on an
     * empty database with external access already off.
     */
    private static String parseError(String sql) {
        try (Connection connection = DriverManager.getConnection("jdbc:duckdb:"); Statement s = connection.createStatement()) {
            s.execute("SET enable_external_access = false");
            s.execute("SET lock_configuration = true");
            connection.prepareStatement(sql).close();
            return null;
        } catch (SQLException e) {
            return e.getMessage() != null && e.getMessage().contains("Parser Error") ? e.getMessage() : null;
        }
    }

    private Connection open(String accountId) throws SQLException {
        Properties properties = new Properties();
        Connection connection = DriverManager.getConnection("jdbc:duckdb:", properties);
        try (Statement s = connection.createStatement()) {
            s.execute("SET threads = " + threads);
            s.execute("SET memory_limit = '" + memoryLimit + "'");
            s.execute("SET enable_progress_bar = true");
            s.execute("SET enable_progress_bar_print = false");
            String filter = accountId == null ? "" : " WHERE account_id = " + literal(accountId);
            for (WarehouseView view : WarehouseView.ALL) {
                if (view.table().isEmpty() || files(view).isEmpty()) {
                    s.execute("CREATE VIEW " + view.name() + " AS SELECT error("
                            + literal("warehouse table " + view.name() + " has no files yet") + ")::VARCHAR AS missing");
                    continue;
                }
                String glob = cache.warehouseDir().resolve(view.table().get().tableName()) + "/*/*.parquet";
                String files = "SELECT * FROM read_parquet(" + literal(glob) + ", hive_partitioning = true, union_by_name = true)" + filter;
                s.execute("CREATE VIEW " + view.name() + " AS WITH files AS (" + files + ") " + view.select());
            }
            // From here on DuckDB reads only below the cache directory and no setting can be changed back.
            s.execute("SET allowed_directories = [" + literal(cache.root() + "/") + "]");
            s.execute("SET enable_external_access = false");
            s.execute("SET lock_configuration = true");
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    private QueryAnswer execute(Connection connection, String sql, int maxRows, String notice, QueryAnswer.Scope scope)
            throws SQLException {
        long start = System.nanoTime();
        try (DuckDBPreparedStatement statement = connection.prepareStatement(sql).unwrap(DuckDBPreparedStatement.class)) {
            var logger = notice == null ? null : progress.scheduleAtFixedRate(() -> logProgress(statement, start), 2, 2, TimeUnit.SECONDS);
            try (ResultSet result = statement.executeQuery()) {
                ResultSetMetaData meta = result.getMetaData();
                List<QueryAnswer.Column> columns = new ArrayList<>();
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    columns.add(new QueryAnswer.Column(meta.getColumnLabel(i), meta.getColumnTypeName(i)));
                }
                List<List<Object>> rows = new ArrayList<>();
                boolean truncated = false;
                while (result.next()) {
                    if (rows.size() == maxRows) {
                        truncated = true;
                        break;
                    }
                    List<Object> row = new ArrayList<>(columns.size());
                    for (int i = 1; i <= columns.size(); i++) {
                        row.add(json(result.getObject(i)));
                    }
                    rows.add(row);
                }
                long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                return new QueryAnswer(columns, rows, rows.size(), truncated, notice, scope, elapsed);
            } finally {
                if (logger != null) {
                    logger.cancel(false);
                }
            }
        }
    }

    private static void logProgress(DuckDBPreparedStatement statement, long start) {
        try {
            QueryProgress p = statement.getQueryProgress();
            if (p.getPercentage() >= 0) {
                LOG.info("full-history query: {}% ({} of {} rows) after {} s", String.format(Locale.ROOT, "%.0f", p.getPercentage()),
                        p.getRowsProcessed(), p.getTotalRowsToProcess(), (System.nanoTime() - start) / 1_000_000_000L);
            }
        } catch (SQLException | RuntimeException e) {
            // The statement finished between the schedule and the read: nothing to report.
        }
    }

    /**
     * A query over a table with more than one day that never names the partition column reads every
     * day there is: say so, with how much that is.
     */
    private String allHistoryNotice(String code) {
        if (DATE_WORD.matcher(code).find()) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        for (WarehouseView view : WarehouseView.ALL) {
            if (view.table().isEmpty() || !mentions(code, view.name())) {
                continue;
            }
            List<Path> files = files(view);
            long days = files.stream().map(Path::getParent).distinct().count();
            if (days > 1) {
                long bytes = files.stream().mapToLong(WarehouseSql::size).sum();
                parts.add(String.format(Locale.ROOT, "%s: %d days, %d files, %.1f MB", view.name(), days, files.size(), bytes / 1e6));
            }
        }
        return parts.isEmpty() ? null
                : "this query scans all history (" + String.join("; ", parts) + "); add WHERE date >= DATE '...' to read less";
    }

    private List<Path> files(WarehouseView view) {
        Path dir = cache.warehouseDir().resolve(view.table().orElseThrow().tableName());
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir, 2)) {
            return walk.filter(p -> p.getFileName().toString().endsWith(".parquet")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * Whether the statement names the view other than as a column alias: {@code count(DISTINCT
     * meeting_id) AS meetings} reads no table called meetings.
     */
    private static boolean readsView(String code, String name) {
        return Pattern.compile("(?i)(?<!\\bAS\\s)\\b" + name + "\\b").matcher(code).find();
    }

    private static boolean mentions(String code, String name) {
        return Pattern.compile("(?i)\\b" + name + "\\b").matcher(code).find();
    }

    static String literal(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private static Object json(Object value) throws SQLException {
        if (value == null || value instanceof Boolean || value instanceof String) {
            return value;
        }
        if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte
                || value instanceof Double || value instanceof Float || value instanceof BigDecimal || value instanceof BigInteger) {
            return value;
        }
        if (value instanceof java.sql.Timestamp t) {
            return t.toInstant().toString();
        }
        if (value instanceof OffsetDateTime t) {
            return t.toInstant().toString();
        }
        if (value instanceof java.sql.Date d) {
            return d.toLocalDate().toString();
        }
        if (value instanceof TemporalAccessor) {
            return value.toString();
        }
        if (value instanceof java.sql.Array a) {
            return Arrays.stream((Object[]) a.getArray()).map(String::valueOf).toList();
        }
        return value.toString();
    }
}
