package dev.eos.runtime.source.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.eos.runtime.config.JobOptions;
import dev.eos.runtime.source.EventSource;
import dev.eos.runtime.source.SourceContext;
import dev.eos.runtime.source.SourceStream;
import dev.eos.spi.ConfigOption;
import dev.eos.spi.ConfigSpec;
import dev.eos.spi.Secret;
import dev.eos.spi.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.TopicPartition;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.DataStreamReader;
import org.apache.spark.streaming.api.java.JavaInputDStream;
import org.apache.spark.streaming.api.java.JavaStreamingContext;
import org.apache.spark.streaming.kafka010.ConsumerStrategy;
import org.apache.spark.streaming.kafka010.KafkaUtils;
import org.apache.spark.streaming.kafka010.LocationStrategies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Source {@code kafka}: a Spark direct stream ({@code spark-streaming-kafka-0-10}) over topics (subscribe) or
 * explicit partitions (assign).
 *
 * <ul>
 *   <li>Each record's position is its topic, partition and offset (the default idempotency key); its value is
 *       the event, its headers and timestamp come along.</li>
 *   <li>The offsets of every batch live in the checkpoint: a restarted driver re-reads exactly the batches that
 *       were not finished.</li>
 *   <li>After every partition of a batch was written, the batch's offsets are committed to the consumer group
 *       with {@code commitAsync} (sent with the next batch's fetch), so that a job started without a checkpoint
 *       resumes there and lag tools show the job's progress.</li>
 *   <li>Starting point: the checkpoint, else the group's committed offsets, else {@code starting-offsets}.</li>
 *   <li>Committed records only by default ({@code isolation-level=read-committed}): a batch ends at the last
 *       stable offset, and its ranges are read by {@link KafkaRangeRDD}, which accepts the offsets of transaction
 *       markers, aborted records and compacted records.</li>
 * </ul>
 */
public class KafkaSource implements EventSource {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaSource.class);

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public String description() {
        return "Kafka topics or partitions through a direct stream; offsets in the checkpoint, committed to the "
                + "consumer group after every partition of a batch was written.";
    }

    @Override
    public ConfigSpec configSpec() {
        return KafkaSourceOptions.SPEC;
    }

    @Override
    public boolean replayable() {
        return true;
    }

    @Override
    public List<String> problems(String prefix, Map<String, String> properties) {
        return KafkaSourceOptions.problems(prefix, properties);
    }

    /** The validated settings, with the checks across options; fails naming every bad key. */
    protected KafkaSettings settings(Config options) {
        return KafkaSourceOptions.settings(options.prefix(), given(options));
    }

    /**
     * The rate limits, and Spark's non-consecutive Kafka reader switched off whatever the Spark configuration says:
     * with {@code spark.streaming.kafka.allowNonConsecutiveOffsets=true} the direct stream would read every batch
     * once more on the driver (to count it) with the reader that fails on gaps after a range's end.
     * {@link KafkaRangeRDD} reads the gaps instead.
     */
    @Override
    public Map<String, String> sparkSettings(Config options) {
        Map<String, String> conf = new java.util.LinkedHashMap<>(settings(options).sparkConf());
        conf.put("spark.streaming.kafka.allowNonConsecutiveOffsets", "false");
        return conf;
    }

    @Override
    public List<String> startWarnings(Config options) {
        KafkaSettings settings = settings(options);
        List<String> warnings = new ArrayList<>();
        if (settings.isolationLevel() == KafkaSettings.IsolationLevel.READ_UNCOMMITTED) {
            warnings.add("Source " + name() + " reads with " + options.prefix() + "isolation-level=read-uncommitted: "
                    + "records of aborted transactions are read and written to the sink like any other, and stay "
                    + "there. Leave it at read-committed unless the topic's producers use no transactions or the "
                    + "sink must see aborted records.");
        }
        if (!settings.isAssign() && !settings.consumerProperties().containsKey("session.timeout.ms")) {
            warnings.add("Source " + name() + " subscribes to " + settings.topics() + " as group "
                    + settings.groupId() + ": after a driver crash the restarted job waits for the dead "
                    + "consumer's session to expire (session.timeout.ms, 45 s by default) before it reads again. "
                    + "Set " + options.prefix() + "session.timeout.ms lower, or assign partitions, to come back "
                    + "sooner.");
        }
        return warnings;
    }

    /**
     * On the structured engine the rate options work otherwise: Spark's Kafka source has no backpressure, and bounds a
     * micro-batch's records in total rather than per partition ({@link #readStream}).
     */
    @Override
    public List<String> structuredStartWarnings(Config options) {
        KafkaSettings settings = settings(options);
        List<String> warnings = new ArrayList<>();
        if (settings.backpressure()) {
            warnings.add(options.key(KafkaSourceOptions.BACKPRESSURE) + "=true is not applied on eos.engine=structured: "
                    + "Spark's Kafka source for Structured Streaming has no backpressure. Each micro-batch reads "
                    + "what arrived, up to " + options.key(KafkaSourceOptions.MAX_RATE_PER_PARTITION)
                    + " when it is set; use eos.engine=dstream to adapt the rate to the processing time.");
        }
        if (settings.maxRatePerPartition() > 0) {
            warnings.add(options.key(KafkaSourceOptions.MAX_RATE_PER_PARTITION) + "="
                    + settings.maxRatePerPartition() + " becomes Spark's maxOffsetsPerTrigger on eos.engine=structured:"
                    + " rate x eos.batch.interval x the partitions read at start, a bound on each micro-batch's "
                    + "records in total that Spark shares among the partitions by their backlog (one partition may "
                    + "read more than the rate in a batch while others read less; partitions added later are not "
                    + "counted until the job restarts).");
        }
        return warnings;
    }

    /**
     * Registers the consumer settings of this JVM's job, with their secrets, for the stream created or recovered
     * next: the checkpoint holds them masked ({@link KafkaSecrets}).
     */
    @Override
    public void prepare(Config options) {
        KafkaSecrets.register(options.prefix(), settings(options).kafkaParams());
        KafkaSecrets.register(executorKey(options.prefix()), settings(options).executorKafkaParams());
    }

    @Override
    public SourceStream createStream(JavaStreamingContext ssc, SourceContext context) {
        prepare(context.options());
        String key = context.options().prefix();
        KafkaSettings settings = settings(context.options());
        ConsumerStrategy<byte[], byte[]> strategy;
        if (settings.isAssign()) {
            List<TopicPartition> partitions = settings.partitions().stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            strategy = MaskedConsumerStrategy.assign(key, partitions, settings.kafkaParams());
        } else {
            strategy = MaskedConsumerStrategy.subscribe(key, settings.topics(), settings.kafkaParams());
        }
        JavaInputDStream<ConsumerRecord<byte[], byte[]>> input =
                KafkaUtils.createDirectStream(ssc, LocationStrategies.PreferConsistent(), strategy);
        return new KafkaSourceStream(input, executorKey(key), KafkaSecrets.masked(settings.executorKafkaParams()));
    }

    /**
     * The topics as a Structured Streaming Kafka stream (spark-sql-kafka-0-10): the same servers, topics or
     * partitions, starting offsets, isolation level (read_committed by default, as on the DStream engine) and
     * consumer settings; Spark keeps the offsets in the query's checkpoint and never commits them to Kafka.
     * {@code max-rate-per-partition} becomes {@code maxOffsetsPerTrigger} ({@link KafkaSettings#maxOffsetsPerTrigger},
     * with the partitions counted now); {@code backpressure} does not apply ({@link #structuredStartWarnings}).
     */
    @Override
    public Dataset<Row> readStream(SparkSession spark, SourceContext context) {
        KafkaSettings settings = settings(context.options());
        DataStreamReader reader = spark.readStream().format("kafka")
                .option("kafka.bootstrap.servers", settings.bootstrapServers())
                .option("startingOffsets", settings.startingOffsets().name().toLowerCase(java.util.Locale.ROOT))
                .option("failOnDataLoss", "true")
                .option("includeHeaders", "true")
                .option("groupIdPrefix", settings.groupId())
                .option("kafka.isolation.level", settings.isolationLevel().kafkaName());
        if (settings.isAssign()) {
            Map<String, List<Integer>> byTopic = new java.util.TreeMap<>();
            settings.partitions().forEach(p -> byTopic.computeIfAbsent(p.topic(), t -> new ArrayList<>())
                    .add(p.partition()));
            StringBuilder json = new StringBuilder("{");
            byTopic.forEach((topic, partitions) -> {
                json.append(json.length() > 1 ? "," : "");
                dev.eos.connector.support.JsonText.string(topic, json);
                json.append(':').append(partitions);
            });
            reader = reader.option("assign", json.append('}').toString().replace(" ", ""));
        } else {
            reader = reader.option("subscribe", String.join(",", settings.topics()));
        }
        for (Map.Entry<String, String> e : settings.consumerProperties().entrySet()) {
            if (!e.getKey().equals("group.id")) {
                reader = reader.option("kafka." + e.getKey(), e.getValue());
            }
        }
        if (settings.maxRatePerPartition() > 0) {
            java.time.Duration interval = jobOption(context.jobProperties(), JobOptions.BATCH_INTERVAL);
            int partitions = settings.isAssign() ? settings.partitions().size()
                    : partitionCount(settings, jobOption(context.jobProperties(), JobOptions.PREFLIGHT_TIMEOUT));
            long bound = settings.maxOffsetsPerTrigger(interval, partitions).getAsLong();
            LOG.info("Source {}: at most {} records per micro-batch (maxOffsetsPerTrigger: max-rate-per-partition {} x "
                    + "batch interval {} ms x {} partitions)", name(), bound, settings.maxRatePerPartition(),
                    interval.toMillis(), partitions);
            reader = reader.option("maxOffsetsPerTrigger", String.valueOf(bound));
        }
        return reader.load().select("value", "topic", "partition", "offset", "timestamp", "headers");
    }

    /**
     * A job option as the job's properties set it, or its default: {@code eos.batch.interval} (a micro-batch's span,
     * which the rate is multiplied by), {@code eos.preflight.timeout} (the bound of the brokers' answer).
     */
    private static <T> T jobOption(Map<String, String> jobProperties, ConfigOption<T> option) {
        String text = jobProperties.get(JobOptions.PREFIX + option.name());
        return text == null ? option.defaultValue() : option.parse(text);
    }

    /**
     * The partitions of the subscribed topics now, asked of the brokers with the job's consumer settings; each answer
     * within {@code eos.preflight.timeout}, like the job's other questions to a backend before it starts.
     */
    static int partitionCount(KafkaSettings settings, java.time.Duration timeout) {
        Map<String, Object> params = new java.util.LinkedHashMap<>(settings.kafkaParams());
        params.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        params.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        int count = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(params)) {
            for (String topic : settings.topics()) {
                List<org.apache.kafka.common.PartitionInfo> partitions = consumer.partitionsFor(topic, timeout);
                count += partitions == null ? 0 : partitions.size();
            }
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new IllegalStateException("Source kafka: the brokers at " + settings.bootstrapServers() + " did not "
                    + "say within " + timeout.toSeconds() + " s (eos.preflight.timeout) how many partitions the topics "
                    + settings.topics() + " have, which max-rate-per-partition needs", e);
        }
        return count;
    }

    private static String executorKey(String prefix) {
        return prefix + "(executors)";
    }

    /**
     * The given keys under the options' prefix, rebuilt from a validated configuration (secrets revealed: only for
     * building the consumer's settings).
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static Map<String, String> given(Config options) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (ConfigOption option : options.spec().options()) {
            if (options.isSet(option)) {
                Object value = options.get(option);
                out.put(options.key(option), value instanceof Secret s ? s.reveal() : option.format(value));
            }
        }
        for (String prefix : options.spec().passThroughPrefixes().keySet()) {
            options.passThrough(prefix).forEach((rest, value) -> out.put(options.prefix() + prefix + rest, value));
        }
        return out;
    }
}
