package dev.eos.connector.azureblob;

import com.sun.net.httpserver.HttpServer;
import dev.eos.spi.RetriableSinkException;
import dev.eos.spi.Sink;
import dev.eos.spi.SinkException;
import dev.eos.spi.SinkRecord;
import dev.eos.spi.SinkWriter;
import dev.eos.spi.WriteContext;
import dev.eos.spi.WriteResult;
import dev.eos.spi.host.SinkRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * What the writer throws when the service refuses: a fake Blob endpoint ({@link #fakeStatus}) answers every
 * request with one status, as Azure does when throttling (503 ServerBusy), timing out (500 OperationTimedOut) or
 * refusing one object (400); and a closed port stands for a network failure.
 */
class AzureBlobErrorMappingTest {

    private static final String P = BlobTestTarget.PREFIX;
    private HttpServer fake;
    private final AtomicInteger requests = new AtomicInteger();

    @AfterEach
    void stop() {
        if (fake != null) {
            fake.stop(0);
        }
    }

    /** A fake Blob service that answers every request with {@code status} and an Azure error code. */
    private String fakeStatus(int status, String errorCode) throws IOException {
        fake = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        fake.createContext("/", exchange -> {
            requests.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().add("x-ms-error-code", errorCode);
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        fake.start();
        return "http://127.0.0.1:" + fake.getAddress().getPort() + "/devstoreaccount1";
    }

    private static Sink sink(String endpoint) {
        return SinkRegistry.load().create("azure-blob", P, Map.of(P + "endpoint", endpoint,
                P + "sas-token", "sv=2024-01-01&sig=fake", P + "container", "data",
                P + "retry.max-tries", "2", P + "retry.delay", "10ms", P + "retry.max-delay", "10ms",
                P + "retry.try-timeout", "5s", P + "concurrency", "1"));
    }

    private static Throwable writeOneRecord(Sink sink, List<WriteResult> results) {
        return catchThrowable(() -> {
            try (SinkWriter writer = sink.open(new WriteContext(Instant.EPOCH, 0, 0, List.of()))) {
                writer.write(SinkRecord.builder("k1").value("v").build());
                results.add(writer.commit());
            }
        });
    }

    @Test
    void throttlingIsRetriableAfterTheSdkRetriesFromTheOptions() throws IOException {
        try (Sink sink = sink(fakeStatus(503, "ServerBusy"))) {
            Throwable thrown = writeOneRecord(sink, new java.util.ArrayList<>());

            assertThat(thrown).isInstanceOf(RetriableSinkException.class).hasMessageContaining("503", "ServerBusy", "\"k1\"");
            assertThat(requests.get()).as("tries (retry.max-tries=2)").isEqualTo(2);
        }
    }

    @Test
    void aServerTimeoutIsRetriable() throws IOException {
        try (Sink sink = sink(fakeStatus(500, "OperationTimedOut"))) {
            assertThat(writeOneRecord(sink, new java.util.ArrayList<>())).isInstanceOf(RetriableSinkException.class);
        }
    }

    @Test
    void aClientErrorAboutOneObjectRejectsThatRecordAndTheWriterGoesOn() throws IOException {
        try (Sink sink = sink(fakeStatus(400, "InvalidBlobOrBlock"))) {
            List<WriteResult> results = new java.util.ArrayList<>();

            assertThat(writeOneRecord(sink, results)).isNull();
            assertThat(results.get(0).rejected()).singleElement()
                    .satisfies(r -> assertThat(r.reason()).contains("400", "InvalidBlobOrBlock"));
        }
    }

    @Test
    void aClientErrorAboutTheDeploymentFailsTheAttemptInsteadOfRejectingEveryRecord() throws IOException {
        try (Sink sink = sink(fakeStatus(400, "UnsupportedHeader"))) {
            Throwable thrown = writeOneRecord(sink, new java.util.ArrayList<>());

            assertThat(thrown).isExactlyInstanceOf(SinkException.class).hasMessageContaining("400", "UnsupportedHeader");
        }
    }

    @Test
    void refusedCredentialsNameTheOptionAndFailTheAttempt() throws IOException {
        try (Sink sink = sink(fakeStatus(403, "AuthenticationFailed"))) {
            Throwable thrown = writeOneRecord(sink, new java.util.ArrayList<>());

            assertThat(thrown).isExactlyInstanceOf(SinkException.class)
                    .hasMessageContaining("refused the credentials of " + P + "sas-token").hasMessageNotContaining("sig=fake");
        }
    }

    @Test
    void anUnreachableServiceIsRetriable() throws IOException {
        String endpoint = fakeStatus(200, "none");
        fake.stop(0);
        fake = null;
        try (Sink sink = sink(endpoint)) {
            assertThat(writeOneRecord(sink, new java.util.ArrayList<>())).isInstanceOf(RetriableSinkException.class);
        }
    }
}
