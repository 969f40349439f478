package dev.eos.spi;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.StringJoiner;

/**
 * A validated configuration: the values of a {@link ConfigSpec}'s options under one prefix. Produced by
 * {@link ConfigSpec#parse(String, Map)}; immutable and thread-safe. {@link #toString()} shows secrets as
 * {@value Secret#HIDDEN}.
 */
public final class Config {

    private final String prefix;
    private final ConfigSpec spec;
    private final Map<String, Object> values;
    private final Set<String> given;
    private final Map<String, String> passThrough;
    private final List<String> warnings;

    Config(String prefix, ConfigSpec spec, Map<String, Object> values, Set<String> given,
               Map<String, String> passThrough, List<String> warnings) {
        this.warnings = List.copyOf(warnings);
        this.prefix = prefix;
        this.spec = spec;
        this.values = Map.copyOf(values);
        this.given = Set.copyOf(given);
        this.passThrough = Map.copyOf(passThrough);
    }

    /** The prefix of every key, such as {@code eos.sink.jdbc.}. */
    public String prefix() {
        return prefix;
    }

    /** The full key of an option, for messages: {@code eos.sink.jdbc.table}. */
    public String key(ConfigOption<?> option) {
        return prefix + option.name();
    }

    /** The option's value, its default when not given, or null for an optional option without default. */
    @SuppressWarnings("unchecked")
    public <T> T get(ConfigOption<T> option) {
        requireDeclared(option);
        return (T) values.get(option.name());
    }

    public <T> Optional<T> getOptional(ConfigOption<T> option) {
        return Optional.ofNullable(get(option));
    }

    /** Whether the user gave the option (as opposed to its default applying). */
    public boolean isSet(ConfigOption<?> option) {
        requireDeclared(option);
        return given.contains(option.name());
    }

    /** The keys given under a pass-through prefix, with that prefix removed. */
    public Map<String, String> passThrough(String passThroughPrefix) {
        Map<String, String> out = new LinkedHashMap<>();
        passThrough.forEach((k, v) -> {
            if (k.startsWith(passThroughPrefix)) {
                out.put(k.substring(passThroughPrefix.length()), v);
            }
        });
        return out;
    }

    /**
     * Legal values that are most likely mistakes, each a sentence naming the key and the value (never a secret's):
     * for the host to show before it starts.
     */
    public List<String> warnings() {
        return warnings;
    }

    public ConfigSpec spec() {
        return spec;
    }

    private void requireDeclared(ConfigOption<?> option) {
        if (!spec.isDeclared(option.name())) {
            throw new IllegalArgumentException("option " + option.name() + " is not declared by this configuration's spec");
        }
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public String toString() {
        StringJoiner out = new StringJoiner(", ", prefix + "{", "}");
        for (ConfigOption option : spec.options()) {
            Object value = values.get(option.name());
            if (value != null) {
                out.add(option.name() + "=" + (option.isSecret() ? Secret.HIDDEN : option.format(value)));
            }
        }
        new java.util.TreeMap<>(passThrough).forEach((k, v) ->
                out.add(k + "=" + (ConfigSpec.looksSecret(k) ? Secret.HIDDEN : v)));
        return out.toString();
    }
}
