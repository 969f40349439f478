package dev.eos.runtime.source.kafka;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.eos.runtime.scrub.Scrubber;
import dev.eos.spi.ConfigException;
import dev.eos.spi.ConfigSpec;
import dev.eos.spi.Config;
import dev.eos.spi.Secret;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Source {@code eventhubs}: Azure Event Hubs through its Kafka endpoint. The {@link KafkaSource} with the
 * connection settings translated from the namespace's connection string by {@link EventHubsSourceOptions}; the
 * offsets, commits and starting point work the same. Its preflight logs in to the namespace and looks the event hub
 * up, so a connection string the namespace refuses fails the start naming the option.
 */
public class EventHubsSource extends KafkaSource {

    /** How long the preflight waits for the namespace's answer (below the default {@code eos.preflight.timeout}). */
    static final Duration PREFLIGHT_WAIT = Duration.ofSeconds(20);

    @Override
    public String name() {
        return "eventhubs";
    }

    @Override
    public String description() {
        return "Azure Event Hubs through its Kafka endpoint (namespace connection string, event hub, consumer "
                + "group); otherwise as kafka.";
    }

    @Override
    public ConfigSpec configSpec() {
        return EventHubsSourceOptions.SPEC;
    }

    @Override
    public List<String> problems(String prefix, Map<String, String> properties) {
        return EventHubsSourceOptions.problems(prefix, properties);
    }

    @Override
    protected KafkaSettings settings(Config options) {
        return EventHubsSourceOptions.settings(options.prefix(), given(options));
    }

    /**
     * Logs in to the namespace's Kafka endpoint with the job's consumer settings and reads the event hub's
     * partitions: a refused login fails naming {@code connection-string} (the namespace's reason, never the string),
     * a failed TLS handshake names the trust-store settings, an event hub that does not exist or may not be read
     * names {@code event-hub}. No answer within {@link #PREFLIGHT_WAIT}: the Kafka timeout, for the preflight to
     * report with the endpoint.
     *
     * @throws ConfigException naming what to fix
     */
    @Override
    public void preflight(Config options) {
        KafkaSettings settings = settings(options);
        String prefix = options.prefix();
        String eventHub = settings.topics().get(0);
        String eventHubKey = options.isSet(EventHubsSourceOptions.EVENT_HUB)
                ? options.key(EventHubsSourceOptions.EVENT_HUB) : options.key(EventHubsSourceOptions.CONNECTION_STRING);
        Map<String, Object> params = new LinkedHashMap<>(settings.kafkaParams());
        params.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(PREFLIGHT_WAIT.toMillis()));
        params.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        params.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        String host = settings.bootstrapServers().substring(0, settings.bootstrapServers().lastIndexOf(':'));
        try {
            InetAddress.getAllByName(host);
        } catch (UnknownHostException e) {
            throw new ConfigException(List.of(ConfigException.invalid(
                    options.key(EventHubsSourceOptions.CONNECTION_STRING), Secret.HIDDEN,
                    "its Endpoint's host " + host + " is not known (unknown host): is the namespace's name right?")));
        }
        List<PartitionInfo> partitions;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(params)) {
            partitions = consumer.partitionsFor(eventHub, PREFLIGHT_WAIT);
        } catch (SaslAuthenticationException e) {
            throw new ConfigException(List.of(ConfigException.invalid(
                    options.key(EventHubsSourceOptions.CONNECTION_STRING), Secret.HIDDEN,
                    "the namespace at " + settings.bootstrapServers() + " refused the login (user $ConnectionString, "
                            + "the connection string as password): " + Scrubber.scrub(e.getMessage())
                            + ". Copy the connection string of a shared access policy with Listen rights again")));
        } catch (SslAuthenticationException e) {
            throw new ConfigException(List.of("Source " + name() + ": the TLS handshake with "
                    + settings.bootstrapServers() + " failed: " + Scrubber.scrub(rootMessage(e)) + ". A namespace "
                    + "behind a certificate of a private certificate authority needs \"" + prefix
                    + "ssl.truststore.location\" (and \"" + prefix + "ssl.truststore.password\")"));
        } catch (TopicAuthorizationException e) {
            throw new ConfigException(List.of(ConfigException.invalid(eventHubKey, eventHub,
                    "the shared access policy of the connection string may not read it (it needs Listen rights)")));
        }
        if (partitions == null || partitions.isEmpty()) {
            throw new ConfigException(List.of(ConfigException.invalid(eventHubKey,
                    eventHubKey.endsWith(EventHubsSourceOptions.EVENT_HUB.name()) ? eventHub : Secret.HIDDEN,
                    "the namespace at " + settings.bootstrapServers() + " has no event hub " + eventHub)));
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }
}
