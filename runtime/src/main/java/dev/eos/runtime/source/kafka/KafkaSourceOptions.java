package dev.eos.runtime.source.kafka;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.eos.runtime.source.kafka.KafkaSettings.IsolationLevel;
import dev.eos.runtime.source.kafka.KafkaSettings.Partition;
import dev.eos.runtime.source.kafka.KafkaSettings.StartingOffsets;
import dev.eos.spi.ConfigOption;
import dev.eos.spi.ConfigSpec;
import dev.eos.spi.Config;
import dev.eos.spi.ConfigException;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * The options of source {@code kafka}, under {@code eos.source.kafka.}: EOS's own (hyphenated) and any Kafka
 * consumer setting by its Kafka name ({@code eos.source.kafka.security.protocol=SASL_SSL}), passed to the consumer
 * as it is. Credential-looking settings ({@code sasl.jaas.config}, {@code ssl.keystore.password}...) are never
 * printed.
 */
public final class KafkaSourceOptions {

    public static final ConfigOption<String> BOOTSTRAP_SERVERS = ConfigOption.stringOption("bootstrap-servers")
            .required()
            .description("The Kafka brokers to connect to first, host:port[,host:port...].");

    public static final ConfigOption<List<String>> TOPICS = ConfigOption.listOption("topics")
            .description("Topics to read, every partition of each (subscribe; partitions added later are "
                    + "picked up). Give this or assign, not both.");

    public static final ConfigOption<List<String>> ASSIGN = ConfigOption.listOption("assign")
            .description("Explicit partitions to read, topic:partition[,topic:partition...] (assign: no group "
                    + "membership, so a restarted driver starts at once). Give this or topics, not both.");

    public static final ConfigOption<String> GROUP_ID = ConfigOption.stringOption("group-id")
            .required()
            .description("The consumer group. Its committed offsets are where a job without a checkpoint starts, "
                    + "and EOS commits to it after every partition of a batch was written, so lag tools show "
                    + "the job's progress. One group per job.");

    public static final ConfigOption<StartingOffsets> STARTING_OFFSETS =
            ConfigOption.enumOption("starting-offsets", StartingOffsets.class)
                    .defaultValue(StartingOffsets.EARLIEST)
                    .description("Where to start a partition that neither the checkpoint nor the group has a "
                            + "position for: earliest (everything still in the topic) or latest (only new records).");

    public static final ConfigOption<Long> MAX_RATE_PER_PARTITION = ConfigOption.longOption("max-rate-per-partition")
            .defaultValue(0L)
            .min(0L)
            .description("Records per second read from each partition at most, 0 for no limit (Spark's "
                    + "spark.streaming.kafka.maxRatePerPartition). Bounds the first batch after a long stop. On "
                    + "eos.engine=structured it becomes Spark's maxOffsetsPerTrigger: this rate x eos.batch.interval x "
                    + "the partitions read at start, a bound on each micro-batch's records in total.");

    public static final ConfigOption<Boolean> BACKPRESSURE = ConfigOption.booleanOption("backpressure")
            .defaultValue(false)
            .description("Adapt the rate to how fast batches are processed (Spark's "
                    + "spark.streaming.backpressure.enabled); max-rate-per-partition stays the upper bound. "
                    + "eos.engine=dstream only: Structured Streaming has none, and the job warns at start.");

    public static final ConfigOption<IsolationLevel> ISOLATION_LEVEL =
            ConfigOption.enumOption("isolation-level", IsolationLevel.class)
                    .defaultValue(IsolationLevel.READ_COMMITTED)
                    .description("Which records of transactional producers are read: read-committed (records of "
                            + "committed transactions and plain records; a batch ends at the last stable offset, "
                            + "so an open transaction holds the partition back until it ends) or read-uncommitted "
                            + "(every record written, aborted transactions included: they are written to the sink "
                            + "and stay there). Topics written without transactions read the same either way. "
                            + "Kafka's isolation.level.");

    /** Consumer settings that EOS sets itself: given by the user, they are a configuration error. */
    static final Map<String, String> RESERVED = reserved();

    /** The Kafka consumer settings, by name. */
    static final Set<String> CONSUMER_SETTINGS = new TreeSet<>(ConsumerConfig.configNames());

    public static final ConfigSpec SPEC = withConsumerPassThrough(ConfigSpec.builder()
            .add(BOOTSTRAP_SERVERS, TOPICS, ASSIGN, GROUP_ID, STARTING_OFFSETS, MAX_RATE_PER_PARTITION, BACKPRESSURE,
                    ISOLATION_LEVEL))
            .build();

    private KafkaSourceOptions() {
    }

    /**
     * Validates the keys under {@code prefix} (such as {@code eos.source.kafka.}) and returns the settings; every
     * problem (missing, invalid and unknown keys, consumer settings EOS controls, topics and assign together)
     * is reported at once.
     *
     * @throws ConfigException with every problem found
     */
    public static KafkaSettings settings(String prefix, Map<String, String> properties) {
        List<String> problems = new ArrayList<>();
        Config config = parseCollecting(SPEC, prefix, properties, problems);
        problems.addAll(problems(prefix, properties));
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        List<Partition> partitions = listOrEmpty(ASSIGN, prefix, properties).stream()
                .map(KafkaSourceOptions::parsePartition).toList();
        return new KafkaSettings(config.get(BOOTSTRAP_SERVERS), config.get(GROUP_ID),
                listOrEmpty(TOPICS, prefix, properties), partitions, config.get(STARTING_OFFSETS),
                config.get(MAX_RATE_PER_PARTITION), config.get(BACKPRESSURE), config.get(ISOLATION_LEVEL),
                consumerProperties(SPEC, prefix, properties, new ArrayList<>()));
    }

    /**
     * The problems {@link #SPEC} cannot see: consumer settings that are unknown or set by EOS, {@code assign}
     * entries that are not {@code topic:partition}, and {@code topics} and {@code assign} both or neither given.
     */
    public static List<String> problems(String prefix, Map<String, String> properties) {
        List<String> problems = new ArrayList<>();
        consumerProperties(SPEC, prefix, properties, problems);
        List<String> topics = listOrEmpty(TOPICS, prefix, properties);
        List<String> assign = listOrEmpty(ASSIGN, prefix, properties);
        boolean assignGiven = properties.containsKey(prefix + ASSIGN.name());
        for (String entry : assign) {
            if (parsePartition(entry) == null) {
                problems.add(ConfigException.invalid(prefix + ASSIGN.name(), String.join(",", assign),
                        "\"" + entry + "\" is not topic:partition"));
            }
        }
        if (topics.isEmpty() && !assignGiven) {
            problems.add("Missing configuration: give \"" + prefix + TOPICS.name() + "\" or \""
                    + prefix + ASSIGN.name() + "\"");
        } else if (!topics.isEmpty() && assignGiven) {
            problems.add("Configurations \"" + prefix + TOPICS.name() + "\" and \"" + prefix + ASSIGN.name()
                    + "\" exclude each other: give one");
        } else if (topics.isEmpty() && assign.isEmpty()) {
            problems.add(ConfigException.invalid(prefix + ASSIGN.name(), "\"\"", "names no partition"));
        }
        return problems;
    }

    /** {@code spec.parse}, its problems added to {@code problems}; null when there were any. */
    static Config parseCollecting(ConfigSpec spec, String prefix, Map<String, String> properties,
                                      List<String> problems) {
        try {
            return spec.parse(prefix, properties);
        } catch (ConfigException e) {
            problems.addAll(e.problems());
            return null;
        }
    }

    private static List<String> listOrEmpty(ConfigOption<List<String>> option, String prefix,
                                            Map<String, String> properties) {
        String text = properties.get(prefix + option.name());
        return text == null ? List.of() : option.parse(text);
    }

    /**
     * Adds one pass-through prefix per first word of the Kafka consumer settings ({@code security.},
     * {@code sasl.}, {@code ssl.}, {@code fetch.}...), so that {@code eos.source.<name>.<kafka setting>} is
     * accepted; {@link #consumerProperties} then checks each is a real consumer setting.
     */
    static ConfigSpec.Builder withConsumerPassThrough(ConfigSpec.Builder builder) {
        Map<String, List<String>> byPrefix = new LinkedHashMap<>();
        for (String name : CONSUMER_SETTINGS) {
            int dot = name.indexOf('.');
            if (dot > 0) {
                byPrefix.computeIfAbsent(name.substring(0, dot + 1), k -> new ArrayList<>()).add(name);
            }
        }
        byPrefix.forEach((prefix, names) -> builder.passThrough(prefix,
                "Kafka consumer settings " + String.join(", ", names) + ": passed to the consumer as they are "
                        + "(credential-looking ones are never printed)."));
        return builder;
    }

    /** The pass-through settings under {@code prefix}, checked: real consumer settings, none that EOS controls. */
    static Map<String, String> consumerProperties(ConfigSpec spec, String prefix, Map<String, String> properties,
                                                  List<String> problems) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : new TreeMap<>(properties).entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                continue;
            }
            String name = e.getKey().substring(prefix.length());
            boolean declared = spec.options().stream().anyMatch(o -> o.name().equals(name));
            if (declared || spec.passThroughPrefixes().keySet().stream().noneMatch(name::startsWith)) {
                continue;
            }
            if (RESERVED.containsKey(name)) {
                problems.add("Configuration \"" + e.getKey() + "\" is set by EOS: " + RESERVED.get(name));
            } else if (!CONSUMER_SETTINGS.contains(name)) {
                problems.add("Unknown configuration \"" + e.getKey() + "\" (not a Kafka consumer setting)");
            } else {
                out.put(name, e.getValue());
            }
        }
        return out;
    }

    /** {@code topic:partition}, or null when {@code text} is not that. */
    static Partition parsePartition(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            return null;
        }
        try {
            int partition = Integer.parseInt(text.substring(colon + 1).trim());
            return partition < 0 ? null : new Partition(text.substring(0, colon).trim(), partition);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Map<String, String> reserved() {
        Map<String, String> reserved = new LinkedHashMap<>();
        reserved.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "use bootstrap-servers");
        reserved.put(ConsumerConfig.GROUP_ID_CONFIG, "use group-id");
        reserved.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "use starting-offsets (earliest or latest)");
        reserved.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                "always false: offsets are committed only after every partition of a batch was written");
        reserved.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "use isolation-level (read-committed by default)");
        reserved.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, "records are read as bytes");
        reserved.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, "records are read as bytes");
        return reserved;
    }
}
