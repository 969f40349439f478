package dev.eos.runtime.source.kafka;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.eos.runtime.source.kafka.KafkaSettings.StartingOffsets;
import dev.eos.spi.ConfigOption;
import dev.eos.spi.ConfigSpec;
import dev.eos.spi.Secret;
import dev.eos.spi.Config;
import dev.eos.spi.ConfigException;

/**
 * The options of source {@code eventhubs}, under {@code eos.source.eventhubs.}: Azure Event Hubs read through its
 * Kafka endpoint. The namespace's connection string and the event hub's name are translated into Kafka consumer
 * settings: {@code bootstrap.servers=<namespace host>:9093} (or the endpoint's own port when it names one),
 * {@code security.protocol=SASL_SSL},
 * {@code sasl.mechanism=PLAIN}, a {@code sasl.jaas.config} with user {@code $ConnectionString} and the connection
 * string as password, and the timeouts Microsoft recommends for Kafka clients of Event Hubs. The event hub is the
 * topic, the consumer group the Kafka group. Any other Kafka consumer setting may be given by its Kafka name.
 */
public final class EventHubsSourceOptions {

    /** Kafka clients reach an Event Hubs namespace on this port. */
    public static final int KAFKA_PORT = 9093;

    /** Event Hubs accepts session timeouts in this range (milliseconds). */
    static final int MIN_SESSION_TIMEOUT_MS = 6_000;
    static final int MAX_SESSION_TIMEOUT_MS = 300_000;

    public static final ConfigOption<Secret> CONNECTION_STRING = ConfigOption.secretOption("connection-string")
            .required()
            .description("The Event Hubs namespace's connection string (Endpoint=sb://<namespace>.servicebus."
                    + "windows.net/;SharedAccessKeyName=...;SharedAccessKey=...), from a shared access policy with "
                    + "Listen rights. The job connects to the Endpoint's host on port 9093 (or on the port the "
                    + "Endpoint names, sb://<host>:<port>/). A secret: never printed, and masked in the checkpoint "
                    + "(each start of the job takes it from the current configuration, so it can be rotated without "
                    + "a new checkpoint).");

    public static final ConfigOption<String> EVENT_HUB = ConfigOption.stringOption("event-hub")
            .description("The event hub to read (the Kafka topic). Required unless the connection string has "
                    + "EntityPath=<event hub>.");

    public static final ConfigOption<String> CONSUMER_GROUP = ConfigOption.stringOption("consumer-group")
            .defaultValue("$Default")
            .description("The event hub's consumer group (the Kafka group id). EOS commits to it after every "
                    + "partition of a batch was written; one group per job.");

    public static final ConfigOption<StartingOffsets> STARTING_OFFSETS = KafkaSourceOptions.STARTING_OFFSETS;
    public static final ConfigOption<Long> MAX_RATE_PER_PARTITION = KafkaSourceOptions.MAX_RATE_PER_PARTITION;
    public static final ConfigOption<Boolean> BACKPRESSURE = KafkaSourceOptions.BACKPRESSURE;
    public static final ConfigOption<KafkaSettings.IsolationLevel> ISOLATION_LEVEL = KafkaSourceOptions.ISOLATION_LEVEL;

    public static final ConfigSpec SPEC = KafkaSourceOptions.withConsumerPassThrough(ConfigSpec.builder()
            .add(CONNECTION_STRING, EVENT_HUB, CONSUMER_GROUP, STARTING_OFFSETS, MAX_RATE_PER_PARTITION, BACKPRESSURE,
                    ISOLATION_LEVEL))
            .build();

    /** What EOS sets for Event Hubs unless given: Microsoft's recommendations for Kafka consumers of Event Hubs. */
    static final Map<String, String> RECOMMENDED = Map.of(
            "request.timeout.ms", "60000",
            "session.timeout.ms", "30000",
            "heartbeat.interval.ms", "3000",
            "metadata.max.age.ms", "180000",
            "connections.max.idle.ms", "180000");

    private EventHubsSourceOptions() {
    }

    /**
     * Validates the keys under {@code prefix} (such as {@code eos.source.eventhubs.}) and returns the Kafka
     * settings; every problem is reported at once, the connection string never shown.
     *
     * @throws ConfigException with every problem found
     */
    public static KafkaSettings settings(String prefix, Map<String, String> properties) {
        List<String> problems = new ArrayList<>();
        Config config = KafkaSourceOptions.parseCollecting(SPEC, prefix, properties, problems);
        problems.addAll(problems(prefix, properties));
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        ConnectionString parsed = ConnectionString.parse(config.get(CONNECTION_STRING).reveal());
        String eventHub = eventHub(prefix, properties, parsed);
        Map<String, String> consumer = new LinkedHashMap<>(RECOMMENDED);
        consumer.putAll(KafkaSourceOptions.consumerProperties(SPEC, prefix, properties, new ArrayList<>()));
        consumer.put("security.protocol", "SASL_SSL");
        consumer.put("sasl.mechanism", "PLAIN");
        consumer.put("sasl.jaas.config", jaasConfig(config.get(CONNECTION_STRING)));
        return new KafkaSettings(parsed.bootstrapServers(), config.get(CONSUMER_GROUP), List.of(eventHub),
                List.of(), config.get(STARTING_OFFSETS), config.get(MAX_RATE_PER_PARTITION), config.get(BACKPRESSURE),
                config.get(ISOLATION_LEVEL), consumer);
    }

    /**
     * The problems {@link #SPEC} cannot see: a connection string without endpoint or key, no event hub, an event
     * hub that contradicts the connection string, consumer settings that are unknown or set by EOS, a session
     * timeout Event Hubs refuses. The connection string is never quoted.
     */
    public static List<String> problems(String prefix, Map<String, String> properties) {
        List<String> problems = new ArrayList<>();
        String connectionKey = prefix + CONNECTION_STRING.name();
        String eventHubKey = prefix + EVENT_HUB.name();
        String connectionText = properties.get(connectionKey);
        ConnectionString parsed = connectionText == null
                ? new ConnectionString(null, -1, null, null) : ConnectionString.parse(connectionText);
        if (parsed.problem() != null) {
            problems.add(ConfigException.invalid(connectionKey, Secret.HIDDEN, parsed.problem()));
        }
        String given = properties.get(eventHubKey);
        String eventHub = eventHub(prefix, properties, parsed);
        if (eventHub == null) {
            problems.add(ConfigException.missing(eventHubKey) + " (the connection string has no EntityPath)");
        } else if (given != null && parsed.entityPath() != null && !parsed.entityPath().equals(eventHub)) {
            problems.add(ConfigException.invalid(eventHubKey, given,
                    "the connection string is for event hub " + parsed.entityPath()));
        }
        Map<String, String> consumer = KafkaSourceOptions.consumerProperties(SPEC, prefix, properties, problems);
        for (String forced : List.of("security.protocol", "sasl.mechanism", "sasl.jaas.config")) {
            if (consumer.containsKey(forced)) {
                problems.add("Configuration \"" + prefix + forced + "\" is set by EOS from \"" + connectionKey + "\"");
            }
        }
        checkSessionTimeout(prefix, consumer, problems);
        return problems;
    }

    /** The event hub given, else the connection string's EntityPath; null when neither. */
    private static String eventHub(String prefix, Map<String, String> properties, ConnectionString parsed) {
        String given = properties.get(prefix + EVENT_HUB.name());
        if (given != null && !given.isBlank()) {
            return given.trim();
        }
        return parsed.entityPath();
    }

    /** The login for a namespace's Kafka endpoint: user {@code $ConnectionString}, the connection string as password. */
    static String jaasConfig(Secret connectionString) {
        String password = connectionString.reveal().replace("\\", "\\\\").replace("\"", "\\\"");
        return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"$ConnectionString\" "
                + "password=\"" + password + "\";";
    }

    private static void checkSessionTimeout(String prefix, Map<String, String> given, List<String> problems) {
        String value = given.get("session.timeout.ms");
        if (value == null) {
            return;
        }
        String reason = "Event Hubs accepts " + MIN_SESSION_TIMEOUT_MS + " to " + MAX_SESSION_TIMEOUT_MS;
        try {
            long ms = Long.parseLong(value.trim());
            if (ms < MIN_SESSION_TIMEOUT_MS || ms > MAX_SESSION_TIMEOUT_MS) {
                problems.add(ConfigException.invalid(prefix + "session.timeout.ms", value, reason));
            }
        } catch (NumberFormatException e) {
            problems.add(ConfigException.invalid(prefix + "session.timeout.ms", value, "not a number"));
        }
    }

    /**
     * The parts of a namespace connection string EOS needs; {@code problem} says what is wrong without quoting
     * the string (it holds the key). {@code port} is -1 unless the endpoint names one ({@code sb://host:port/}).
     */
    record ConnectionString(String host, int port, String entityPath, String problem) {

        /** {@code <host>:9093}, or the endpoint's own port when it names one. */
        String bootstrapServers() {
            return host + ":" + (port > 0 ? port : KAFKA_PORT);
        }

        static ConnectionString parse(String text) {
            Map<String, String> parts = new LinkedHashMap<>();
            for (String part : text.split(";")) {
                int eq = part.indexOf('=');
                if (eq > 0) {
                    parts.put(part.substring(0, eq).trim().toLowerCase(Locale.ROOT), part.substring(eq + 1).trim());
                }
            }
            String endpoint = parts.get("endpoint");
            String entityPath = parts.get("entitypath");
            if (entityPath != null && entityPath.isEmpty()) {
                entityPath = null;
            }
            if (endpoint == null) {
                return new ConnectionString(null, -1, entityPath,
                        "has no Endpoint=sb://<namespace>.servicebus.windows.net/ part");
            }
            String host;
            int port = -1;
            try {
                URI uri = URI.create(endpoint);
                host = uri.getHost();
                port = uri.getPort();
                if (!"sb".equalsIgnoreCase(uri.getScheme()) || host == null) {
                    host = null;
                }
            } catch (IllegalArgumentException e) {
                host = null;
            }
            if (host == null) {
                return new ConnectionString(null, -1, entityPath,
                        "its Endpoint is not sb://<namespace>.servicebus.windows.net/");
            }
            boolean key = parts.containsKey("sharedaccesskeyname") && parts.containsKey("sharedaccesskey");
            if (!key && !parts.containsKey("sharedaccesssignature")) {
                return new ConnectionString(host, port, entityPath,
                        "has neither SharedAccessKeyName and SharedAccessKey nor SharedAccessSignature");
            }
            return new ConnectionString(host, port, entityPath, null);
        }
    }
}
