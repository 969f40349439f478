package dev.eos.runtime.source;

import dev.eos.spi.ConfigException;
import dev.eos.spi.host.Services;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The sources the job can read, by name: the built-in ones ({@code files}, {@code socket}) and those found with
 * {@link java.util.ServiceLoader}, under the error policy of {@link Services} that sinks follow too:
 * <ul>
 *   <li>a source that fails to load (a missing class, a throwing constructor or {@code name()}) is skipped and
 *       recorded as a {@linkplain #loadProblems() load problem}, reported with an unknown source name;</li>
 *   <li>two sources with one name fail the whole load with a {@link ConfigException} naming both classes and their
 *       jars: which one a job would get is otherwise an accident of class path order.</li>
 * </ul>
 * Immutable and thread-safe once loaded.
 */
public final class Sources {

    private final Map<String, EventSource> byName;
    private final List<String> loadProblems;

    private Sources(Map<String, EventSource> byName, List<String> loadProblems) {
        this.byName = Collections.unmodifiableMap(byName);
        this.loadProblems = List.copyOf(loadProblems);
    }

    /** The built-in sources plus those visible to the thread's context class loader (or this class's loader). */
    public static Sources load() {
        return load(Services.contextLoader(Sources.class));
    }

    /**
     * The built-in sources plus every {@link EventSource} registered as a service visible to {@code loader}.
     *
     * @throws ConfigException when two sources have one name
     */
    public static Sources load(ClassLoader loader) {
        Services.Loaded<EventSource> loaded = Services.load(EventSource.class, "source", loader);
        List<EventSource> all = new ArrayList<>(List.of(new FilesSource(), new SocketSource()));
        all.addAll(loaded.services());
        Map<String, EventSource> byName = new TreeMap<>();
        List<String> problems = new ArrayList<>(loaded.problems());
        List<String> conflicts = new ArrayList<>();
        for (EventSource source : all) {
            String name;
            try {
                name = source.name();
            } catch (RuntimeException | LinkageError e) {
                problems.add("A source could not be loaded and was skipped: " + Services.origin(source)
                        + " failed in name(): " + e.getClass().getSimpleName() + ": " + Services.describe(e));
                continue;
            }
            EventSource previous = byName.putIfAbsent(name, source);
            if (previous != null && previous.getClass() != source.getClass()) {
                conflicts.add("Two sources are named \"" + name + "\": " + Services.origin(previous) + " and "
                        + Services.origin(source) + "; remove one of the jars from the class path");
            }
        }
        if (!conflicts.isEmpty()) {
            throw new ConfigException(conflicts);
        }
        return new Sources(byName, problems);
    }

    /** The names found, sorted. */
    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /** Every source, sorted by name. */
    public List<EventSource> all() {
        return List.copyOf(byName.values());
    }

    /** The source named {@code name}, or null. */
    public EventSource get(String name) {
        return byName.get(name);
    }

    /** Sources that failed to load, each a sentence with the cause. */
    public List<String> loadProblems() {
        return loadProblems;
    }

    /** The problem sentence for an unknown source name, listing the names found and any load problems. */
    public String unknownSource(String key, String name) {
        String problem = "Unknown source \"" + name + "\" for configuration \"" + key + "\"; sources available: "
                + String.join(", ", byName.keySet());
        if (!loadProblems.isEmpty()) {
            problem += " (" + loadProblems.size() + " source(s) failed to load: " + String.join("; ", loadProblems)
                    + ")";
        }
        return problem;
    }
}
