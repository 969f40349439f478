package dev.eos.runtime.source.kafka;

import java.util.List;
import java.util.Map;

import dev.eos.spi.ConfigSpec;
import dev.eos.spi.Config;

/**
 * Source {@code eventhubs}: Azure Event Hubs through its Kafka endpoint. The {@link KafkaSource} with the
 * connection settings translated from the namespace's connection string by {@link EventHubsSourceOptions}; the
 * offsets, commits and starting point work the same.
 */
public class EventHubsSource extends KafkaSource {

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
}
