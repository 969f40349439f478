package dev.eos.it;

import dev.eos.runtime.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bin/eos validate} (its {@link Main#execute} entry point) on input that must never surprise: bad values of
 * every kind are each named by key at once, exit 2, no stack trace; and a backend that accepts connections and never
 * answers (a local server socket that never replies) ends the validation within the default preflight bound, naming
 * the endpoint and the cause, for the Azure Blob and the JDBC (PostgreSQL) sinks through their drop-in jars.
 */
class ValidateBoundedTest {

    /** Azurite's published development key: not a secret. */
    private static final String DEV_KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    @TempDir
    Path dir;

    private ServerSocket silent;
    private final List<Socket> accepted = new ArrayList<>();

    private record Run(int code, String out, String err, Duration took) {
    }

    @BeforeEach
    void startASilentServer() throws IOException {
        silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!silent.isClosed()) {
                try {
                    Socket s = silent.accept();
                    synchronized (accepted) {
                        accepted.add(s);
                    }
                } catch (IOException closed) {
                    return;
                }
            }
        }, "silent-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterEach
    void stopIt() throws IOException {
        silent.close();
        synchronized (accepted) {
            for (Socket s : accepted) {
                s.close();
            }
        }
    }

    private Path config(String... lines) throws IOException {
        Files.createDirectories(dir.resolve("in"));
        return Files.write(dir.resolve("job.properties"), List.of(lines), StandardCharsets.UTF_8);
    }

    /** A job from the files source with a checkpoint directory, and {@code lines}. */
    private Path filesSourceJob(String... lines) throws IOException {
        List<String> all = new ArrayList<>(List.of("eos.source=files", "eos.source.files.path=" + dir.resolve("in"),
                "eos.checkpoint.dir=" + dir.resolve("checkpoint")));
        all.addAll(List.of(lines));
        return config(all.toArray(String[]::new));
    }

    /** A connection string with Azurite's development account and key, for {@code endpoint}. */
    private static String azuriteConnectionString(String endpoint) {
        return "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + DEV_KEY + ";BlobEndpoint="
                + endpoint + ";";
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static Run validate(Path config, String... overrides) {
        String[] args = new String[overrides.length + 2];
        args[0] = "validate";
        args[1] = config.toString();
        System.arraycopy(overrides, 0, args, 2, overrides.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long start = System.nanoTime();
        int code = Main.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                Duration.ofNanos(System.nanoTime() - start));
    }

    private static void assertNoStackTrace(Run run) {
        assertThat(run.err()).doesNotContain("\tat ").doesNotContain("Exception:").doesNotContain("Caused by");
    }

    @Test
    void badValuesOfEveryKindAreEachNamedAtOnceWithExitCode2AndNoStackTrace() throws IOException {
        Path file = config(
                "\uFEFFeos.source=files",
                "eos.source.files.path=" + dir.resolve("in"),
                "eos.checkpoint.dir=" + dir.resolve("checkpoint"),
                "eos.sink=files",
                "eos.sink.files.path=" + dir.resolve("out"),
                "eos.batch.interval=9999999999999999d",
                "eos.retry.backoff=-5s",
                "eos.retry.attempts=99999999999",
                "eos.checkpoint.interval=3650d",
                "eos.preflight.timeout=0s",
                "eos.source.files.remember=PT-1S",
                "eos.sink=files");

        Run run = validate(file);

        assertThat(run.code()).as(run.err()).isEqualTo(2);
        assertThat(run.err())
                .contains("(7 problems)")
                .contains("Configuration \"eos.sink\" is given twice in file " + file + ", on lines 4 and 12")
                .contains("Invalid value 9999999999999999d for configuration \"eos.batch.interval\": too long")
                .contains("Invalid value -5s for configuration \"eos.retry.backoff\": a duration cannot be negative")
                .contains("Invalid value 99999999999 for configuration \"eos.retry.attempts\": out of range")
                .contains("Invalid value 3650d for configuration \"eos.checkpoint.interval\": must be at most 30d")
                .contains("Invalid value 0s for configuration \"eos.preflight.timeout\": must be at least 1s")
                .contains("Invalid value PT-1S for configuration \"eos.source.files.remember\": a duration cannot be negative")
                .doesNotContain("Unknown configuration");
        assertNoStackTrace(run);
    }

    /**
     * The acceptance of issue 11 in one file (behind a byte-order mark): bad values of every kind, a checkpoint
     * directory that is a file and an Azure endpoint that never answers. The values are named first (the deployment
     * is not checked with invalid values); with the values fixed on the command line, the checkpoint directory and the
     * endpoint are. Each run exits 2, with no stack trace, within the default preflight bound. (A key given twice is
     * named with the values: {@link #badValuesOfEveryKindAreEachNamedAtOnceWithExitCode2AndNoStackTrace}.)
     */
    @Test
    void aConfigurationWithABadValueOfEveryKindAndAnUnresponsiveBackendNamesEachKeyWithoutAStackTrace()
            throws IOException {
        Path checkpoint = Files.writeString(dir.resolve("checkpoint"), "not a directory");
        String endpoint = "http://127.0.0.1:" + silent.getLocalPort() + "/devstoreaccount1";
        Path file = config(
                "\uFEFFeos.source=files",
                "eos.source.files.path=" + dir.resolve("in"),
                "eos.checkpoint.dir=" + checkpoint,
                "eos.sink=azure-blob",
                "eos.sink.azure-blob.connection-string=" + azuriteConnectionString(endpoint),
                "eos.sink.azure-blob.container=silent",
                "eos.batch.interval=9999999999999999d",
                "eos.retry.backoff=-5s",
                "eos.checkpoint.interval=3650d");

        Run values = validate(file);
        Run deployment = validate(file, "eos.batch.interval=5s", "eos.retry.backoff=1s", "eos.checkpoint.interval=10s");

        assertThat(values.code()).as(values.err()).isEqualTo(2);
        assertThat(values.err())
                .contains("(3 problems)")
                .contains("\"eos.batch.interval\": too long")
                .contains("\"eos.retry.backoff\": a duration cannot be negative")
                .contains("\"eos.checkpoint.interval\": must be at most 30d")
                .doesNotContain("Unknown configuration");
        assertNoStackTrace(values);
        assertThat(deployment.took()).isLessThan(Duration.ofSeconds(40));
        assertThat(deployment.code()).as(deployment.err()).isEqualTo(2);
        assertThat(deployment.err())
                .contains("\"eos.checkpoint.dir\": it is a file, not a directory")
                .contains("The preflight of sink \"azure-blob\" at " + endpoint)
                .doesNotContain(DEV_KEY);
        assertNoStackTrace(deployment);
    }

    @Test
    void anAzureEndpointThatNeverAnswersIsGivenUpWithinTheDefaultBoundNamingItWithACheckpointThatIsAFile()
            throws IOException {
        Path checkpoint = Files.writeString(dir.resolve("checkpoint"), "not a directory");
        String endpoint = "http://127.0.0.1:" + silent.getLocalPort() + "/devstoreaccount1";
        Path file = filesSourceJob(
                "eos.sink=azure-blob",
                "eos.sink.azure-blob.connection-string=" + azuriteConnectionString(endpoint),
                "eos.sink.azure-blob.container=silent");

        Run run = validate(file);

        assertThat(run.took()).isLessThan(Duration.ofSeconds(40));
        assertThat(run.code()).as(run.err()).isEqualTo(2);
        assertThat(run.err())
                .contains("Invalid value " + checkpoint + " for configuration \"eos.checkpoint.dir\": it is a file, "
                        + "not a directory")
                .contains("The preflight of sink \"azure-blob\" at " + endpoint)
                .contains("got no answer within 30s (eos.preflight.timeout)")
                .doesNotContain(DEV_KEY);
        assertNoStackTrace(run);
    }

    @Test
    void aPostgresqlServerThatNeverAnswersIsGivenUpWithinTheBoundNamingTheUrlWithoutItsPassword() throws IOException {
        String url = "jdbc:postgresql://127.0.0.1:" + silent.getLocalPort() + "/eos";
        Path file = filesSourceJob(
                "eos.sink=jdbc",
                "eos.sink.jdbc.url=" + url + "?password=hunter2-never-shown",
                "eos.sink.jdbc.table=events",
                "eos.sink.jdbc.key-columns=id");

        Run run = validate(file);

        assertThat(run.took()).isLessThan(Duration.ofSeconds(40));
        assertThat(run.code()).as(run.err()).isEqualTo(2);
        assertThat(run.err())
                .contains("The preflight of sink \"jdbc\" at " + url)
                .containsAnyOf("no answer in time", "got no answer within 30s")
                .doesNotContain("hunter2");
        assertNoStackTrace(run);
    }

    @Test
    void aRefusedConnectionIsSaidInWordsAndTheBoundIsConfigurable() throws IOException {
        int closedPort = closedPort();
        String endpoint = "http://127.0.0.1:" + closedPort + "/devstoreaccount1";
        Path file = filesSourceJob(
                "eos.sink=azure-blob",
                "eos.sink.azure-blob.connection-string=" + azuriteConnectionString(endpoint),
                "eos.sink.azure-blob.container=refused",
                "eos.sink.azure-blob.retry.max-tries=1",
                "eos.preflight.timeout=20s");

        Run refused = validate(file);
        Run silentAzure = validate(file, "eos.sink.azure-blob.connection-string="
                + azuriteConnectionString("http://127.0.0.1:" + silent.getLocalPort() + "/devstoreaccount1"), "eos.preflight.timeout=2s");

        assertThat(refused.code()).as(refused.err()).isEqualTo(2);
        assertThat(refused.err()).contains("The preflight of sink \"azure-blob\" at " + endpoint)
                .contains("connection refused");
        assertNoStackTrace(refused);
        assertThat(silentAzure.took()).isLessThan(Duration.ofSeconds(20));
        assertThat(silentAzure.err()).contains("got no answer within 2s (eos.preflight.timeout)");
    }

    @Test
    void aRefusedJdbcConnectionSaysConnectionRefusedNotOnlyThatTheRequestTimedOut() throws IOException {
        int closedPort = closedPort();
        String url = "jdbc:postgresql://127.0.0.1:" + closedPort + "/eos";
        Path file = filesSourceJob(
                "eos.sink=jdbc",
                "eos.sink.jdbc.url=" + url,
                "eos.sink.jdbc.table=events",
                "eos.sink.jdbc.key-columns=id",
                "eos.sink.jdbc.pool.connection-timeout=2s");

        Run run = validate(file);

        assertThat(run.code()).as(run.err()).isEqualTo(2);
        assertThat(run.err()).contains("The preflight of sink \"jdbc\" at " + url).contains("connection refused");
        assertNoStackTrace(run);
    }
}
