package dev.eos.spi;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The options a sink (or any other configurable part of EOS) declares, and their validation.
 *
 * <p>{@link #parse(String, Map)} reads the keys under one prefix (for a sink {@code eos.sink.<name>.}) and
 * reports <em>every</em> problem at once in one {@link ConfigException}: missing required keys, values that
 * do not parse or break a rule, and unknown keys (typos), each naming the full key; a secret's value is never
 * shown. Legal values that are most likely mistakes ({@link ConfigOption#warnAbove}) do not fail: they are the
 * {@link Config#warnings()} of the result. Keys under a declared pass-through prefix (options handed as they are to a client library) are not
 * checked; the ones whose names look like credentials are treated as secrets.
 *
 * <p>Immutable and thread-safe.
 */
public final class ConfigSpec {

    private static final Pattern SECRET_LOOKING = Pattern.compile(
            "(?i).*(password|passwd|secret|jaas|token|credential|connection[-.]?string|sas(?!l)|account[-.]?key|"
                    + "private[-.]?key).*");

    private final List<ConfigOption<?>> options;
    private final Map<String, String> passThrough;

    private ConfigSpec(List<ConfigOption<?>> options, Map<String, String> passThrough) {
        this.options = List.copyOf(options);
        this.passThrough = Collections.unmodifiableMap(new LinkedHashMap<>(passThrough));
    }

    public static ConfigSpec of(ConfigOption<?>... options) {
        return builder().add(options).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The declared options, in declaration order. */
    public List<ConfigOption<?>> options() {
        return options;
    }

    /** Pass-through prefixes (relative, ending in '.') and what each is for. */
    public Map<String, String> passThroughPrefixes() {
        return passThrough;
    }

    /** Whether a pass-through key looks like a credential and is therefore treated as a secret. */
    public static boolean looksSecret(String key) {
        return SECRET_LOOKING.matcher(key).matches();
    }

    /**
     * Validates the keys under {@code prefix} of {@code properties}.
     *
     * @param prefix prepended to each option's name to form its key, such as {@code eos.sink.jdbc.}
     * @param properties every property of the job; keys outside {@code prefix} are ignored
     * @throws ConfigException with every problem found
     */
    public Config parse(String prefix, Map<String, String> properties) {
        List<String> problems = new ArrayList<>();
        Map<String, Object> values = new HashMap<>();
        Map<String, String> given = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        for (ConfigOption<?> option : options) {
            String key = prefix + option.name();
            String text = properties.get(key);
            if (text == null || (text.isBlank() && !option.isSecret())) {
                if (option.isRequired()) {
                    problems.add(ConfigException.missing(key));
                } else if (option.defaultValue() != null) {
                    values.put(option.name(), option.defaultValue());
                }
                continue;
            }
            given.put(option.name(), text);
            try {
                Object value = option.parse(text);
                values.put(option.name(), value);
                String warning = warning(option, key, value);
                if (warning != null) {
                    warnings.add(warning);
                }
            } catch (IllegalArgumentException e) {
                String shown = option.isSecret() ? Secret.HIDDEN : text;
                problems.add(ConfigException.invalid(key, shown, e.getMessage()));
            }
        }
        Map<String, String> passed = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : new java.util.TreeMap<>(properties).entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                continue;
            }
            String name = e.getKey().substring(prefix.length());
            if (isDeclared(name)) {
                continue;
            }
            if (passThrough.keySet().stream().anyMatch(name::startsWith)) {
                passed.put(name, e.getValue());
            } else {
                problems.add(unknownKey(prefix, name));
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new Config(prefix, this, values, given.keySet(), passed, warnings);
    }

    @SuppressWarnings("unchecked")
    private static <T> String warning(ConfigOption<T> option, String key, Object value) {
        return option.warning(key, (T) value);
    }

    boolean isDeclared(String name) {
        return options.stream().anyMatch(o -> o.name().equals(name));
    }

    private String unknownKey(String prefix, String name) {
        String problem = "Unknown configuration \"" + prefix + name + "\"";
        String closest = null;
        int best = 3;
        for (ConfigOption<?> option : options) {
            int d = editDistance(name, option.name());
            if (d < best) {
                best = d;
                closest = option.name();
            }
        }
        return closest == null ? problem : problem + " (did you mean \"" + prefix + closest + "\"?)";
    }

    private static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** Builds a {@link ConfigSpec}. */
    public static final class Builder {
        private final List<ConfigOption<?>> options = new ArrayList<>();
        private final Map<String, String> passThrough = new LinkedHashMap<>();

        private Builder() {
        }

        public Builder add(ConfigOption<?>... added) {
            for (ConfigOption<?> option : added) {
                if (options.stream().anyMatch(o -> o.name().equals(option.name()))) {
                    throw new IllegalArgumentException("option declared twice: " + option.name());
                }
                options.add(option);
            }
            return this;
        }

        /** Every key under {@code prefix} (relative, ending in '.') is accepted and handed on unchecked. */
        public Builder passThrough(String prefix, String description) {
            if (!prefix.endsWith(".")) {
                throw new IllegalArgumentException("a pass-through prefix ends with '.': " + prefix);
            }
            passThrough.put(prefix, description);
            return this;
        }

        public ConfigSpec build() {
            return new ConfigSpec(options, passThrough);
        }
    }
}
