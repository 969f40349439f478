package dev.eos.testing.kafka;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Features;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one process) running inside the current JVM,
 * for tests, the demo and the benchmark. Not for production: one replica, small buffers, no security on its own
 * listeners; {@link #startWithEventHubs} adds a SASL_SSL listener that authenticates as Azure Event Hubs does
 * ({@link EventHubsEndpoint}).
 *
 * <p>It listens on 127.0.0.1 on two free ports (clients and controller) and keeps its data under the directory it
 * is given (put it under {@code target/}). {@link #stop()} and {@link #start()} bring it down and up again on the
 * same ports with the same data, so clients see a broker that went away and came back:
 *
 * <pre>{@code
 * try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(Path.of("target/kafka"))) {
 *     kafka.createTopic("events", 3);
 *     kafka.send("events", List.of("a", "b"));
 *     String servers = kafka.bootstrapServers();
 * }
 * }</pre>
 *
 * <p>The broker's jars (Scala, Jackson) are aligned with Spark's by the parent build; put Spark's dependencies
 * before this module's when both are on one class path.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final int NODE_ID = 1;
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final Path dataDir;
    private final int port;
    private final int controllerPort;
    private final Map<String, String> extraProperties;
    private final EventHubsEndpoint eventHubs;
    private KafkaRaftServer server;

    private EmbeddedKafkaBroker(Path dataDir, int port, int controllerPort, Map<String, String> extraProperties,
                                boolean withEventHubs) {
        this.dataDir = dataDir.toAbsolutePath();
        this.port = port;
        this.controllerPort = controllerPort;
        this.extraProperties = Map.copyOf(extraProperties);
        this.eventHubs = withEventHubs ? EventHubsEndpoint.create(this.dataDir.resolve("eventhubs-tls"), freePort())
                : null;
    }

    /** Formats {@code dataDir} (unless it holds a broker's data already) and starts a broker on free ports. */
    public static EmbeddedKafkaBroker start(Path dataDir) {
        return start(dataDir, Map.of());
    }

    /**
     * Like {@link #start(Path)}, with broker settings added to or replacing the defaults, such as
     * {@code log.retention.ms}.
     */
    public static EmbeddedKafkaBroker start(Path dataDir, Map<String, String> brokerProperties) {
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dataDir, freePort(), freePort(), brokerProperties, false);
        broker.start();
        return broker;
    }

    /**
     * Like {@link #start(Path)}, with one more listener that looks like an Azure Event Hubs namespace's Kafka
     * endpoint: SASL PLAIN over TLS with a self-signed certificate made now, accepting only user
     * {@code $ConnectionString} with the {@linkplain EventHubsEndpoint#connectionString() connection string} as
     * password ({@link #eventHubs()}). The PLAINTEXT listener stays, for the fixture's own helpers.
     */
    public static EmbeddedKafkaBroker startWithEventHubs(Path dataDir) {
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dataDir, freePort(), freePort(), Map.of(), true);
        broker.start();
        return broker;
    }

    /** Starts the broker again after {@link #stop()}, on the same ports with the same data. No-op when running. */
    public synchronized void start() {
        if (server != null) {
            return;
        }
        try {
            Files.createDirectories(dataDir);
            KafkaConfig config = new KafkaConfig(brokerProperties(), false);
            format(config);
            KafkaRaftServer started = new KafkaRaftServer(config, Time.SYSTEM);
            started.startup();
            server = started;
            awaitReady();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded Kafka broker in " + dataDir, e);
        }
    }

    /** Shuts the broker down cleanly and waits until it is gone; its data and ports are kept for {@link #start()}. */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        KafkaRaftServer stopping = server;
        server = null;
        stopping.shutdown();
        stopping.awaitShutdown();
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** {@code 127.0.0.1:<port>}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path dataDir() {
        return dataDir;
    }

    /**
     * The Event Hubs-like SASL_SSL listener: its connection string, trust store and client settings.
     *
     * @throws IllegalStateException when the broker was not started with {@link #startWithEventHubs}
     */
    public EventHubsEndpoint eventHubs() {
        if (eventHubs == null) {
            throw new IllegalStateException("this broker has no Event Hubs endpoint: start it with startWithEventHubs");
        }
        return eventHubs;
    }

    /** Creates a topic with one replica and waits until every partition has a leader; fine if it exists. */
    public void createTopic(String topic, int partitions) {
        createTopic(topic, partitions, Map.of());
    }

    /**
     * Like {@link #createTopic(String, int)}, with topic settings such as {@code cleanup.policy=compact}; an
     * existing topic keeps its own settings.
     */
    public void createTopic(String topic, int partitions, Map<String, String> topicConfig) {
        try (Admin admin = admin()) {
            try {
                admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1).configs(topicConfig)))
                        .all().get(30, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create topic " + topic, e.getCause());
                }
            }
            long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
            while (true) {
                try {
                    TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames()
                            .get(10, TimeUnit.SECONDS).get(topic);
                    if (description.partitions().size() == partitions
                            && description.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty())) {
                        return;
                    }
                } catch (ExecutionException e) {
                    // metadata not propagated yet: try again
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("topic " + topic + " has no leader after " + READY_TIMEOUT);
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic " + topic, e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("timed out creating topic " + topic, e);
        }
    }

    /** Sends values without keys to {@code topic} (spread over its partitions) and waits until all are acknowledged. */
    public void send(String topic, Collection<String> values) {
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (String value : values) {
            records.add(new ProducerRecord<>(topic, value));
        }
        sendRecords(records);
    }

    /** Sends values to one partition of {@code topic} and waits until all are acknowledged. */
    public void send(String topic, int partition, Collection<String> values) {
        List<ProducerRecord<String, String>> records = new ArrayList<>();
        for (String value : values) {
            records.add(new ProducerRecord<>(topic, partition, null, value));
        }
        sendRecords(records);
    }

    /** Sends records and waits until all are acknowledged. */
    public void sendRecords(Collection<ProducerRecord<String, String>> records) {
        try (KafkaProducer<String, String> producer = producer()) {
            List<java.util.concurrent.Future<?>> sent = new ArrayList<>();
            for (ProducerRecord<String, String> record : records) {
                sent.add(producer.send(record));
            }
            producer.flush();
            for (java.util.concurrent.Future<?> future : sent) {
                future.get(30, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("cannot send to the embedded Kafka broker", e);
        }
    }

    /** A producer of string keys and values, idempotent, acks=all; the caller closes it. */
    public KafkaProducer<String, String> producer() {
        return producer(Map.of());
    }

    /**
     * Like {@link #producer()}, connected with {@code connection} (bootstrap servers and security settings, such as
     * {@code eventHubs().clientProperties()}) instead of the PLAINTEXT listener.
     */
    public KafkaProducer<String, String> producer(Map<String, String> connection) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.putAll(connection);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    /**
     * A transactional producer of string keys and values ({@code acks=all}, idempotent) with its transactions
     * initialized, as an exactly-once upstream writes: {@code beginTransaction()}, {@code send}, then
     * {@code commitTransaction()} or {@code abortTransaction()}. A second producer with the same id fences the
     * first (its open transaction is aborted). The caller closes it.
     */
    public KafkaProducer<String, String> transactionalProducer(String transactionalId) {
        return transactionalProducer(transactionalId, Map.of());
    }

    /**
     * Like {@link #transactionalProducer(String)}, connected with {@code connection} (bootstrap servers and security
     * settings, such as {@code eventHubs().clientProperties()}) instead of the PLAINTEXT listener.
     */
    public KafkaProducer<String, String> transactionalProducer(String transactionalId, Map<String, String> connection) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.putAll(connection);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "60000");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        KafkaProducer<String, String> producer =
                new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
        try {
            producer.initTransactions();
        } catch (RuntimeException e) {
            producer.close(Duration.ZERO);
            throw e;
        }
        return producer;
    }

    /**
     * Writes values to one partition of {@code topic} in one transaction of {@code producer} (from
     * {@link #transactionalProducer}), then commits it, or aborts it when {@code commit} is false. Returns once the
     * transaction's marker is written.
     */
    public static void sendTransaction(KafkaProducer<String, String> producer, String topic, int partition,
                                       Collection<String> values, boolean commit) {
        producer.beginTransaction();
        for (String value : values) {
            producer.send(new ProducerRecord<>(topic, partition, null, value));
        }
        if (commit) {
            producer.commitTransaction();
        } else {
            producer.flush();
            producer.abortTransaction();
        }
    }

    /**
     * The offsets of the records in one partition, read from the beginning to its current end with
     * {@code read_uncommitted} (aborted records included, transaction markers and compacted records not).
     */
    public List<Long> recordOffsets(String topic, int partition) {
        try (KafkaConsumer<String, String> consumer = consumer(null)) {
            TopicPartition tp = new TopicPartition(topic, partition);
            consumer.assign(List.of(tp));
            consumer.seekToBeginning(List.of(tp));
            long end = consumer.endOffsets(List.of(tp), Duration.ofSeconds(30)).get(tp);
            List<Long> offsets = new ArrayList<>();
            long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
            while (consumer.position(tp) < end) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> offsets.add(r.offset()));
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + tp + " to its end in " + READY_TIMEOUT);
                }
            }
            return offsets;
        }
    }

    /** An admin client; the caller closes it. */
    public Admin admin() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "20000");
        return Admin.create(props);
    }

    /** The end offset (next offset to be written) of each partition of {@code topic}. */
    public Map<Integer, Long> endOffsets(String topic) {
        try (KafkaConsumer<String, String> consumer = consumer(null)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            Map<Integer, Long> out = new LinkedHashMap<>();
            consumer.endOffsets(partitions, Duration.ofSeconds(30)).forEach((tp, offset) -> out.put(tp.partition(), offset));
            return out;
        }
    }

    /** The offsets {@code group} committed for {@code topic}'s partitions (partitions without a commit are absent). */
    public Map<Integer, Long> committedOffsets(String group, String topic) {
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
            Map<Integer, Long> out = new LinkedHashMap<>();
            committed.forEach((tp, offset) -> {
                if (tp.topic().equals(topic) && offset != null) {
                    out.put(tp.partition(), offset.offset());
                }
            });
            return out;
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("cannot read the offsets of group " + group, e);
        }
    }

    /** Every value in {@code topic}, read from the beginning to the current end of each partition. */
    public List<String> readAll(String topic) {
        return readAll(topic, "read_uncommitted");
    }

    /**
     * The values of {@code topic} a {@code read_committed} consumer reads, from the beginning to the last stable
     * offset of each partition: committed transactions and plain records, no aborted record.
     */
    public List<String> readCommitted(String topic) {
        return readAll(topic, "read_committed");
    }

    private List<String> readAll(String topic, String isolationLevel) {
        try (KafkaConsumer<String, String> consumer = consumer(null, isolationLevel)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            List<String> values = new ArrayList<>();
            long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> values.add(r.value()));
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + topic + " to its end in " + READY_TIMEOUT);
                }
            }
            return values;
        }
    }

    private KafkaConsumer<String, String> consumer(String group) {
        return consumer(group, "read_uncommitted");
    }

    private KafkaConsumer<String, String> consumer(String group, String isolationLevel) {
        Properties props = new Properties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel);
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        if (group != null) {
            props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        return new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer());
    }

    /** Stops the broker. Its data stays in {@link #dataDir()}; delete it yourself if you want it gone. */
    @Override
    public void close() {
        stop();
    }

    private Map<String, String> brokerProperties() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        p.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        if (eventHubs != null) {
            String listener = EventHubsEndpoint.LISTENER + "://" + eventHubs.bootstrapServers();
            p.put("listeners", p.get("listeners") + "," + listener);
            p.put("advertised.listeners", p.get("advertised.listeners") + "," + listener);
            p.put("listener.security.protocol.map", p.get("listener.security.protocol.map") + ","
                    + EventHubsEndpoint.LISTENER + ":SASL_SSL");
            p.putAll(eventHubs.listenerProperties());
        }
        p.put("log.dirs", dataDir.resolve("logs").toString());
        p.put("num.partitions", "1");
        p.put("default.replication.factor", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // small footprint on a shared 2-core machine
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "2");
        p.put("background.threads", "2");
        p.put("num.recovery.threads.per.data.dir", "1");
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(2 * 1024 * 1024));
        p.put("log.cleaner.threads", "1");
        p.put("auto.create.topics.enable", "false");
        p.putAll(extraProperties);
        return p;
    }

    private void format(KafkaConfig config) throws IOException {
        String logDir = dataDir.resolve("logs").toString();
        if (Files.exists(Path.of(logDir, "meta.properties"))) {
            return;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(out, true, StandardCharsets.UTF_8))
                    .setSupportedFeatures(Features.PRODUCTION_FEATURES)
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setDirectories(List.of(logDir))
                    .setMetadataLogDirectory(logDir)
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setControllerListenerName("CONTROLLER")
                    .setIgnoreFormatted(true)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format " + logDir + ": " + out.toString(StandardCharsets.UTF_8), e);
        }
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        try (Admin admin = admin()) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
                    // not ready yet
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("embedded Kafka broker not ready after " + READY_TIMEOUT);
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the embedded Kafka broker", e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    /**
     * Runs a broker until the JVM is stopped: {@code EmbeddedKafkaBroker DATA_DIR [TOPIC PARTITIONS]}. Prints its
     * bootstrap servers on the first line.
     */
    public static void main(String[] args) throws InterruptedException {
        if (args.length != 1 && args.length != 3) {
            System.err.println("usage: EmbeddedKafkaBroker DATA_DIR [TOPIC PARTITIONS]");
            System.exit(2);
        }
        EmbeddedKafkaBroker broker = start(Path.of(args[0]));
        Runtime.getRuntime().addShutdownHook(new Thread(broker::stop, "embedded-kafka-stop"));
        if (args.length == 3) {
            broker.createTopic(args[1], Integer.parseInt(args[2]));
        }
        System.out.println(broker.bootstrapServers());
        Thread.currentThread().join();
    }

    @Override
    public String toString() {
        return "EmbeddedKafkaBroker[" + bootstrapServers() + ", " + dataDir + (isRunning() ? "" : ", stopped") + "]";
    }
}
