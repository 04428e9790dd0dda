package io.confab.orchestration.platform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * PostgreSQL (users, accounts, meetings): an embedded server from the Maven-served binaries over
 * {@code postgres/} in the data directory, or an external server by {@code host:port}.
 */
public final class PostgresServer extends ProcessComponent {

    private final PlatformConfig.Postgres config;
    private final PlatformConfig platform;
    private final int port;

    public PostgresServer(PlatformConfig config, Installation installation, Ports ports) {
        super(config, installation, "postgres", new ExternalService(config.postgres().external(), "--postgres", Duration.ofSeconds(10)));
        this.config = config.postgres();
        this.platform = config;
        this.port = listenOn(ports, "postgres-port", this.config.port());
    }

    @Override
    public String name() {
        return "postgres";
    }

    @Override
    protected String ownAddress() {
        return host + ":" + port;
    }

    /** JDBC URL of the Confab database. */
    public String jdbcUrl() {
        return jdbcUrl(config.database());
    }

    private String jdbcUrl(String database) {
        return "jdbc:postgresql://" + address() + "/" + database;
    }

    @Override
    protected void startProcess(Duration timeout) throws StartupFailure {
        launchJvm(installation.serverClasspath("postgres"),
                // Unpacking the binaries on the first start needs more heap than running does.
                ServerProcess.withStartUpCompiler(List.of("-Xms16m", "-Xmx256m", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn")),
                "io.confab.servers.postgres.PostmasterWrapper",
                serverArguments(), "postgres");
        awaitReady(timeout);
    }

    /**
     * Beyond loopback the server is told where the superuser's password is: it then requires a
     * password (SCRAM) from every TCP client.
     */
    private List<String> serverArguments() {
        List<String> args = new ArrayList<>(List.of(dir.toString(), Integer.toString(port), host));
        if (platform.internalExposed()) {
            args.add(InternalCredentials.postgresPasswordFile(platform).toString());
        }
        return args;
    }

    /**
     * Whether realtime-core connects as its own role {@link InternalCredentials#REALTIME_CORE_ROLE}
     * (owner of Confab's database, no superuser) rather than the configured user: on the embedded
     * server beyond loopback.
     */
    public boolean ownRoleForRealtimeCore() {
        return embedded() && platform.internalExposed();
    }

    /**
     * Creates (or updates the password of) realtime-core's role and hands it Confab's database and
     * its public schema, so its migrations run without superuser rights. Idempotent.
     */
    void grantRealtimeCoreRole() throws SQLException {
        String role = InternalCredentials.REALTIME_CORE_ROLE;
        String password = InternalCredentials.realtimeCorePassword(platform).replace("'", "''");
        String database = "\"" + config.database().replace("\"", "\"\"") + "\"";
        try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
            boolean exists;
            try (ResultSet rs = statement.executeQuery("SELECT 1 FROM pg_roles WHERE rolname = '" + role + "'")) {
                exists = rs.next();
            }
            statement.execute((exists ? "ALTER ROLE " : "CREATE ROLE ") + role
                    + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION PASSWORD '" + password + "'");
            statement.execute("ALTER DATABASE " + database + " OWNER TO " + role);
        }
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("ALTER SCHEMA public OWNER TO " + role);
        }
    }

    /**
     * Connection to the server's maintenance database; the embedded server trusts loopback
     * connections as {@code postgres}, an external one takes the configured user and password.
     */
    public Connection connect(String database) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", config.user());
        if (config.password() != null && !config.password().isEmpty()) {
            properties.setProperty("password", config.password());
        }
        properties.setProperty("connectTimeout", "3");
        properties.setProperty("socketTimeout", "10");
        return DriverManager.getConnection(jdbcUrl(database), properties);
    }

    public Connection connect() throws SQLException {
        return connect(config.database());
    }

    /** Creates the Confab database when it does not exist yet (schema migrations come with the meeting service). */
    void createDatabase() throws SQLException {
        try (Connection connection = connect("postgres"); Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery(
                    "SELECT 1 FROM pg_database WHERE datname = '" + config.database().replace("'", "''") + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            statement.execute("CREATE DATABASE \"" + config.database().replace("\"", "\"\"") + "\"");
        }
    }

    @Override
    public Health check() {
        try (Connection connection = connect("postgres"); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SHOW server_version")) {
            rs.next();
            return Health.up("PostgreSQL " + rs.getString(1));
        } catch (SQLException e) {
            return Health.down(e.getMessage());
        }
    }

    /**
     * The wrapper JVM and the postmaster: pg_ctl starts the postmaster detached, so it is nobody's
     * child and is found through its pid file.
     */
    @Override
    public List<Long> pids() {
        if (process == null) {
            return List.of();
        }
        List<Long> pids = new ArrayList<>(List.of(process.pid()));
        try {
            Path pidFile = dir.resolve("pgdata/postmaster.pid");
            if (Files.exists(pidFile)) {
                pids.add(Long.parseLong(Files.readAllLines(pidFile).get(0).trim()));
            }
        } catch (IOException | RuntimeException e) {
            // No postmaster yet (or it is just stopping): the wrapper is all there is.
        }
        return pids;
    }
}
