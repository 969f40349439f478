package dev.eos.connector.azurecommon;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Azurite's Blob service (the Azure Storage emulator) in a child process on a free port, for tests. Azurite is
 * installed by the build of {@code connectors/azure-common} from its committed {@code azurite/package-lock.json}
 * ({@code npm ci}); this class finds that install through the system property {@value #DIR_PROPERTY} or by
 * looking up from the working directory, and fails (never skips) when it is missing.
 *
 * <p>{@link #shared()} starts one Azurite per test JVM, stopped when the JVM exits; {@link #start()} a private
 * one, stopped by {@link #close()}. In memory, no telemetry, API version check off (the SDK sends a newer
 * service version than Azurite knows).
 */
public final class Azurite implements AutoCloseable {

    public static final String DIR_PROPERTY = "eos.azurite.dir";
    public static final String ACCOUNT = "devstoreaccount1";
    /** Azurite's well-known development key (public, documented by Microsoft). */
    public static final String ACCOUNT_KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static final String INSTALL = "connectors/azure-common/azurite";
    private static Azurite shared;

    private final Process process;
    private final int port;
    private final Path log;

    private Azurite(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** The Azurite of this JVM, started on first use. */
    public static synchronized Azurite shared() {
        if (shared == null || !shared.process.isAlive()) {
            shared = start();
            Azurite started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "azurite-stop"));
        }
        return shared;
    }

    /** Starts a new Azurite and waits until it accepts connections. */
    public static Azurite start() {
        Path bin = executable();
        int port = freePort();
        Path log = Paths.get(System.getProperty("java.io.tmpdir"), "azurite-" + port + ".log");
        try {
            Files.createDirectories(log.getParent());
            Process process = new ProcessBuilder(List.of(bin.toString(), "--silent", "--disableTelemetry",
                    "--inMemoryPersistence", "--skipApiVersionCheck", "--blobHost", "127.0.0.1",
                    "--blobPort", String.valueOf(port)))
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            Azurite azurite = new Azurite(process, port, log);
            azurite.awaitListening(Duration.ofSeconds(30));
            return azurite;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + bin, e);
        }
    }

    private void awaitListening(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Azurite exited with " + process.exitValue() + "; see " + log);
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    process.waitFor(50, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
        close();
        throw new IllegalStateException("Azurite did not listen on port " + port + " within " + timeout + "; see " + log);
    }

    public int port() {
        return port;
    }

    /** The account's Blob endpoint, such as {@code http://127.0.0.1:41234/devstoreaccount1}. */
    public String blobEndpoint() {
        return "http://127.0.0.1:" + port + "/" + ACCOUNT;
    }

    /** A connection string with the development account's key. */
    public String connectionString() {
        return "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT + ";AccountKey=" + ACCOUNT_KEY
                + ";BlobEndpoint=" + blobEndpoint() + ";";
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The {@code azurite-blob} launcher of the build's install. */
    static Path executable() {
        String configured = System.getProperty(DIR_PROPERTY);
        Path dir = configured != null ? Paths.get(configured) : findUpwards();
        Path bin = dir == null ? null : dir.resolve("node_modules/.bin/azurite-blob");
        if (bin == null || !Files.isExecutable(bin)) {
            throw new IllegalStateException("Azurite is not installed" + (bin == null ? "" : " at " + bin)
                    + ": the build installs it with npm ci (Node 20 and npm needed): "
                    + "./mvnw -pl connectors/azure-common generate-test-resources");
        }
        return bin;
    }

    private static Path findUpwards() {
        for (File dir = new File(System.getProperty("user.dir")).getAbsoluteFile(); dir != null; dir = dir.getParentFile()) {
            Path candidate = dir.toPath().resolve(INSTALL);
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
