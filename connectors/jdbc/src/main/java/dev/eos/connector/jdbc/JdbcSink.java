package dev.eos.connector.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.eos.spi.RetriableSinkException;
import dev.eos.spi.Sink;
import dev.eos.spi.ConfigException;
import dev.eos.spi.SinkException;
import dev.eos.spi.SinkWriter;
import dev.eos.spi.WriteContext;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code jdbc} sink: a connection pool (HikariCP) and the resolved target table, shared by the writers of one
 * JVM. The pool and the table are set up on first use, so creating the sink contacts nothing.
 */
public final class JdbcSink implements Sink {

    private final JdbcSinkConfig config;
    private final JdbcDialect dialect;
    private final Object lock = new Object();
    private volatile HikariDataSource pool;
    private volatile Target target;
    private volatile boolean closed;

    /** The resolved table and where each written column's value comes from. */
    record Target(TargetTable table, List<ValueSource> sources) {
    }

    JdbcSink(JdbcSinkConfig config) {
        this.config = config;
        this.dialect = Dialects.forUrl(config.url());
    }

    /** The dialect chosen for the URL. */
    public JdbcDialect dialect() {
        return dialect;
    }

    @Override
    public void preflight() {
        try (Connection connection = connection()) {
            List<String> problems = new ArrayList<>();
            TableInspector.Result result = new TableInspector(config, dialect).inspect(connection);
            if (!result.tableExists() && config.createTable()) {
                createTable(connection);
                result = new TableInspector(config, dialect).inspect(connection);
            }
            problems.addAll(result.problems());
            if (config.mode() == JdbcSinkOptions.Mode.PROCEDURE && !procedureExists(connection.getMetaData())) {
                problems.add("Procedure " + config.procedure() + " named by \"" + config.key(JdbcSinkOptions.PROCEDURE)
                        + "\" does not exist (or is not visible to this user) in the database at " + config.redactedUrl());
            }
            if (!problems.isEmpty()) {
                throw new ConfigException(problems);
            }
            target = new Target(result.table(), result.sources());
        } catch (SQLException e) {
            throw failure("Preflight of table " + config.table() + " failed", e);
        }
    }

    @Override
    public SinkWriter open(WriteContext context) {
        if (closed) {
            throw new IllegalStateException("the jdbc sink for table " + config.table() + " is closed");
        }
        Target t = target();
        return new JdbcSinkWriter(this, t.table(), new RowMapper(t.table(), t.sources()), rowsWriter(t.table()),
                config.batchSize(), config.deleteOnNull());
    }

    private RowsWriter rowsWriter(TargetTable table) {
        if (config.mode() == JdbcSinkOptions.Mode.INSERT_IF_ABSENT) {
            return new RowsWriter.InsertIfAbsent(dialect, table, config.writePath() == JdbcSinkOptions.WritePath.BULK);
        }
        if (config.mode() == JdbcSinkOptions.Mode.UPSERT) {
            int version = 0;
            while (!table.columns().get(version).name().equalsIgnoreCase(config.versionColumn())) {
                version++;
            }
            return new RowsWriter.Upsert(dialect, table, version);
        }
        if (config.procedureTableType() != null) {
            return new RowsWriter.TableValuedProcedure(table, config.procedure(), config.procedureTableType());
        }
        return new RowsWriter.Procedure(dialect, table, config.procedure());
    }

    /** The target table, read from the catalog once per JVM. */
    Target target() {
        Target t = target;
        if (t != null) {
            return t;
        }
        synchronized (lock) {
            if (target == null) {
                try (Connection connection = connection()) {
                    TableInspector.Result result = new TableInspector(config, dialect).inspect(connection);
                    if (!result.problems().isEmpty()) {
                        throw new ConfigException(result.problems());
                    }
                    target = new Target(result.table(), result.sources());
                } catch (SQLException e) {
                    throw failure("Reading the description of table " + config.table() + " failed", e);
                }
            }
            return target;
        }
    }

    /** A pooled connection. */
    Connection connection() {
        try {
            return pool().getConnection();
        } catch (SQLException e) {
            throw failure("Cannot get a connection to the database at " + config.redactedUrl(), e);
        }
    }

    private HikariDataSource pool() {
        HikariDataSource p = pool;
        if (p != null) {
            return p;
        }
        synchronized (lock) {
            if (closed) {
                throw new IllegalStateException("the jdbc sink for table " + config.table() + " is closed");
            }
            if (pool == null) {
                HikariConfig poolConfig = poolConfig();
                noDriverProblem(poolConfig).ifPresent(problem -> {
                    throw new ConfigException(problem);
                });
                pool = new HikariDataSource(poolConfig);
            }
            return pool;
        }
    }

    private HikariConfig poolConfig() {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName("eos-jdbc-" + config.table());
        hc.setJdbcUrl(dialect.connectionUrl(config.url()));
        String driver = dialect.driverClassName();
        if (driver != null && loadable(driver)) {
            hc.setDriverClassName(driver);
        }
        if (config.user() != null) {
            hc.setUsername(config.user());
        }
        if (config.password() != null) {
            hc.setPassword(config.password().reveal());
        }
        hc.setMaximumPoolSize(config.poolMaxSize());
        hc.setMinimumIdle(config.poolMinIdle());
        hc.setConnectionTimeout(config.poolConnectionTimeout().toMillis());
        hc.setIdleTimeout(config.poolIdleTimeout().toMillis());
        hc.setMaxLifetime(config.poolMaxLifetime().toMillis());
        hc.setInitializationFailTimeout(-1);
        hc.setAutoCommit(true);
        for (Map.Entry<String, String> e : dialect.connectionProperties().entrySet()) {
            hc.addDataSourceProperty(e.getKey(), e.getValue());
        }
        for (Map.Entry<String, String> e : config.driverProperties().entrySet()) {
            hc.addDataSourceProperty(e.getKey(), e.getValue());
        }
        return hc;
    }

    /**
     * Why no driver will take the URL, as one configuration problem naming the key (the URL's credentials masked), or
     * empty when a driver accepts it. Checked before the pool exists, whose own message would quote the URL in full.
     */
    private Optional<String> noDriverProblem(HikariConfig hc) {
        String url = hc.getJdbcUrl();
        try {
            if (hc.getDriverClassName() != null) {
                Driver driver = (Driver) Class.forName(hc.getDriverClassName(), true, JdbcSink.class.getClassLoader())
                        .getDeclaredConstructor().newInstance();
                if (driver.acceptsURL(url)) {
                    return Optional.empty();
                }
            } else {
                DriverManager.getDriver(url);
                return Optional.empty();
            }
        } catch (SQLException | ReflectiveOperationException | LinkageError | ClassCastException e) {
            // no driver: said below
        }
        return Optional.of(ConfigException.invalid(config.prefix() + JdbcSinkOptions.URL.name(), config.redactedUrl(),
                "no JDBC driver on the class path accepts this URL (the connector bundles the PostgreSQL, SQL Server "
                        + "and MariaDB drivers, the last also for jdbc:mysql: URLs; put another database's driver jar "
                        + "next to the connector's)"));
    }

    private static boolean loadable(String className) {
        try {
            Class.forName(className, false, JdbcSink.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private void createTable(Connection connection) throws SQLException {
        StringBuilder sql = new StringBuilder("CREATE TABLE ").append(config.table()).append(" (");
        for (Map.Entry<String, ValueSource> m : config.columns().entrySet()) {
            boolean key = config.keyColumns().stream().anyMatch(m.getKey()::equalsIgnoreCase);
            String type = key ? dialect.keyColumnType() : m.getValue().createdType(dialect);
            sql.append(m.getKey()).append(' ').append(type).append(key ? " NOT NULL" : "").append(", ");
        }
        sql.append("PRIMARY KEY (").append(String.join(", ", config.keyColumns())).append("))");
        boolean autoCommit = connection.getAutoCommit();
        try (Statement statement = connection.createStatement()) {
            connection.setAutoCommit(true);
            statement.execute(sql.toString());
        } catch (SQLException e) {
            // another JVM may have created it at the same time; the inspection that follows decides
            if (TableInspector.find(connection, connection.getMetaData(), config.table()) == null) {
                throw e;
            }
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private boolean procedureExists(DatabaseMetaData md) throws SQLException {
        String[] parts = config.procedure().split("\\.");
        String name = parts[parts.length - 1];
        String schema = parts.length >= 2 ? parts[parts.length - 2] : null;
        for (String candidate : new String[] {name, name.toLowerCase(Locale.ROOT), name.toUpperCase(Locale.ROOT)}) {
            try (ResultSet rs = md.getProcedures(null, schema, candidate)) {
                if (rs.next()) {
                    return true;
                }
            }
            try (ResultSet rs = md.getFunctions(null, schema, candidate)) {
                if (rs.next()) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The sink exception for a failed database call: retriable when transient, the message and cause redacted. */
    SinkException failure(String what, SQLException e) {
        ErrorKind kind = dialect.classify(e);
        String message = what + ": " + config.redact(e.getMessage()) + " (SQLState " + e.getSQLState() + ")"
                + rootCause(e);
        SQLException cause = sanitized(e);
        return kind == ErrorKind.TRANSIENT
                ? new RetriableSinkException(message, cause)
                : new SinkException(message, cause);
    }

    /**
     * The root cause in words when the message hides it (a pool's "request timed out" for a refused connection):
     * "; connection refused", "; unknown host h", "; no answer in time", or the deepest cause's message; empty when
     * there is no deeper cause.
     */
    String rootCause(SQLException e) {
        Throwable deepest = e;
        for (Throwable t = e.getCause(); t != null && t != deepest; t = t.getCause()) {
            if (t instanceof java.net.ConnectException) {
                return "; connection refused";
            }
            if (t instanceof java.net.UnknownHostException) {
                return "; unknown host " + t.getMessage();
            }
            if (t instanceof java.net.SocketTimeoutException) {
                return "; no answer in time";
            }
            deepest = t;
        }
        return deepest == e || deepest.getMessage() == null ? "" : "; cause: " + config.redact(deepest.getMessage());
    }

    /** A copy of the exception chain with credentials removed from every message. */
    SQLException sanitized(SQLException e) {
        SQLException copy = new SQLException(config.redact(e.getMessage()), e.getSQLState(), e.getErrorCode());
        copy.setStackTrace(e.getStackTrace());
        Throwable cause = e.getCause();
        if (cause instanceof SQLException sql && cause != e) {
            copy.initCause(sanitized(sql));
        } else if (cause != null) {
            RuntimeException plain = new RuntimeException(cause.getClass().getName() + ": " + config.redact(cause.getMessage()));
            plain.setStackTrace(cause.getStackTrace());
            copy.initCause(plain);
        }
        return copy;
    }

    JdbcSinkConfig config() {
        return config;
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            if (pool != null) {
                pool.close();
                pool = null;
            }
        }
    }

    @Override
    public String endpoint() {
        return config.redactedUrl();
    }

    @Override
    public String toString() {
        return "JdbcSink{" + dialect.name() + ", " + config.redactedUrl() + ", table=" + config.table() + "}";
    }
}
