package dev.eos.spi.host;

import dev.eos.spi.ConfigSpec;
import dev.eos.spi.Sink;
import dev.eos.spi.Config;
import dev.eos.spi.ConfigException;
import dev.eos.spi.SinkProvider;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The sink providers found on a class path with {@link java.util.ServiceLoader}, by name.
 *
 * <ul>
 *   <li>A provider that fails to load (a missing class, a throwing constructor or {@code name()}) is recorded as a
 *       {@linkplain #loadProblems() load problem} and does not stop the others from loading.</li>
 *   <li>Two providers with one name, or a provider with an invalid name, fail the whole load with a
 *       {@link ConfigException} naming both classes and their jars: which one a job would get is otherwise
 *       an accident of class path order.</li>
 *   <li>An unknown name fails with the names that were found.</li>
 * </ul>
 * Immutable and thread-safe once loaded.
 */
public final class SinkRegistry {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");

    private final Map<String, SinkProvider> providers;
    private final List<String> loadProblems;

    private SinkRegistry(Map<String, SinkProvider> providers, List<String> loadProblems) {
        this.providers = Collections.unmodifiableMap(providers);
        this.loadProblems = List.copyOf(loadProblems);
    }

    /** Loads the providers visible to the thread's context class loader (or this class's loader). */
    public static SinkRegistry load() {
        return load(Services.contextLoader(SinkRegistry.class));
    }

    /** Loads the providers visible to {@code loader}, following {@link Services}' error policy. */
    public static SinkRegistry load(ClassLoader loader) {
        Services.Loaded<SinkProvider> loaded = Services.load(SinkProvider.class, "sink provider", loader);
        return of(loaded.services(), loaded.problems());
    }

    /** A registry of the given providers, checking names as {@link #load(ClassLoader)} does. */
    public static SinkRegistry of(List<SinkProvider> found, List<String> loadProblems) {
        Map<String, SinkProvider> byName = new TreeMap<>();
        List<String> conflicts = new ArrayList<>();
        List<String> problems = new ArrayList<>(loadProblems);
        for (SinkProvider provider : found) {
            String name;
            try {
                name = provider.name();
            } catch (RuntimeException | LinkageError e) {
                problems.add("A sink provider could not be loaded and was skipped: " + Services.origin(provider)
                        + " failed in name(): " + e.getClass().getSimpleName() + ": " + Services.describe(e));
                continue;
            }
            if (name == null || !NAME.matcher(name).matches()) {
                conflicts.add("Sink provider " + Services.origin(provider) + " has an invalid name \"" + name
                        + "\": use lower-case letters, digits and hyphens, starting with a letter");
                continue;
            }
            SinkProvider previous = byName.putIfAbsent(name, provider);
            if (previous != null) {
                conflicts.add("Two sink providers are named \"" + name + "\": " + Services.origin(previous) + " and "
                        + Services.origin(provider) + "; remove one of the jars from the class path");
            }
        }
        if (!conflicts.isEmpty()) {
            throw new ConfigException(conflicts);
        }
        return new SinkRegistry(byName, problems);
    }

    /** The names found, sorted. */
    public List<String> names() {
        return List.copyOf(providers.keySet());
    }

    /** The providers found, sorted by name. */
    public List<SinkProvider> providers() {
        return List.copyOf(providers.values());
    }

    /** Providers that failed to load, each a sentence with the cause. */
    public List<String> loadProblems() {
        return loadProblems;
    }

    /**
     * The provider named {@code name}.
     *
     * @param key the configuration key that named it, for the message ({@code eos.sink})
     * @throws ConfigException naming the key, the value and the names found
     */
    public SinkProvider provider(String key, String name) {
        SinkProvider provider = providers.get(name);
        if (provider == null) {
            throw new ConfigException(unknownSink(key, name));
        }
        return provider;
    }

    /** The problem sentence for an unknown sink name, listing the names found and any load problems. */
    public String unknownSink(String key, String name) {
        String found = providers.isEmpty() ? "none" : String.join(", ", providers.keySet());
        String problem = "Unknown sink \"" + name + "\" for configuration \"" + key + "\"; sinks found: " + found;
        if (!loadProblems.isEmpty()) {
            problem += " (" + loadProblems.size() + " provider(s) failed to load: " + String.join("; ", loadProblems) + ")";
        }
        return problem;
    }

    /**
     * Validates the options under {@code prefix} for the named sink and creates it.
     *
     * @throws ConfigException with every problem found
     */
    public Sink create(String name, String prefix, Map<String, String> properties) {
        SinkProvider provider = provider("eos.sink", name);
        ConfigSpec spec = provider.configSpec();
        Config config = spec.parse(prefix, properties);
        return provider.create(config);
    }
}
