package dev.eos.runtime;

import org.apache.spark.streaming.api.java.JavaStreamingContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The socket source: a receiver with the write-ahead log switched on, and positions from its blocks. */
class SocketJobTest {

    @TempDir
    Path work;

    private JavaStreamingContext ssc;
    private ServerSocket server;
    private Socket client;

    @AfterEach
    void stop() throws IOException {
        if (ssc != null) {
            ssc.stop(true, false);
        }
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void receivedLinesAreStoredInTheWriteAheadLogAndKeyedByBlockAndLine() throws Exception {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(() -> {
            try {
                client = server.accept();
                OutputStream out = client.getOutputStream();
                out.write("one\ntwo\nthree\n".getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                // the test ended
            }
        });
        accept.setDaemon(true);
        accept.start();
        String store = "socket-" + UUID.randomUUID();
        Path checkpoint = work.resolve("checkpoint");
        Map<String, String> job = new HashMap<>();
        job.put("eos.source", "socket");
        job.put("eos.source.socket.host", "127.0.0.1");
        job.put("eos.source.socket.port", String.valueOf(server.getLocalPort()));
        job.put("eos.sink", "memory-double");
        job.put("eos.sink.memory-double.store", store);
        job.put("eos.checkpoint.dir", checkpoint.toString());
        job.put("eos.batch.interval", "500ms");
        job.put("spark.master", "local[2]");
        job.put("spark.ui.enabled", "false");
        job.put("spark.local.dir", work.resolve("spark-local").toString());

        ssc = JobTestSupport.start(job);
        await().atMost(Duration.ofSeconds(30)).until(() -> MemorySinkDouble.store(store).size() == 3);

        assertThat(ssc.sparkContext().getConf().get("spark.streaming.receiver.writeAheadLog.enable")).isEqualTo("true");
        assertThat(MemorySinkDouble.store(store).keySet()).allSatisfy(key -> assertThat(key)
                .matches("socket://127\\.0\\.0\\.1:" + server.getLocalPort() + "/input-0-\\d+/0/[123]"));
        assertThat(MemorySinkDouble.store(store).values()).extracting(r -> r.valueAsString())
                .containsExactlyInAnyOrder("one", "two", "three");
        try (var files = Files.walk(checkpoint.resolve("receivedData"))) {
            assertThat(files.filter(Files::isRegularFile).filter(f -> f.getFileName().toString().startsWith("log-")))
                    .as("the receiver's write-ahead log").isNotEmpty();
        }
    }
}
