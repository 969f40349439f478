package dev.eos.runtime.source;

import dev.eos.spi.ConfigException;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The sources the job can read: the built-in ones and those found with {@link ServiceLoader}, by name. */
public final class Sources {

    private final Map<String, EventSource> byName;

    private Sources(Map<String, EventSource> byName) {
        this.byName = byName;
    }

    /** The built-in sources plus every {@link EventSource} registered as a service on the class path. */
    public static Sources load() {
        Map<String, EventSource> found = new TreeMap<>();
        for (EventSource source : List.of(new FilesSource(), new SocketSource())) {
            found.put(source.name(), source);
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        Iterator<EventSource> it = ServiceLoader.load(EventSource.class,
                loader != null ? loader : Sources.class.getClassLoader()).iterator();
        List<String> problems = new ArrayList<>();
        while (true) {
            try {
                if (!it.hasNext()) {
                    break;
                }
                EventSource source = it.next();
                EventSource previous = found.putIfAbsent(source.name(), source);
                if (previous != null && previous.getClass() != source.getClass()) {
                    problems.add("Two sources are named \"" + source.name() + "\": " + previous.getClass().getName()
                            + " and " + source.getClass().getName());
                }
            } catch (ServiceConfigurationError e) {
                problems.add("A source could not be loaded: " + e.getMessage());
                break;
            }
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new Sources(found);
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

    /** The problem sentence for an unknown source name. */
    public String unknownSource(String key, String name) {
        return "Unknown source \"" + name + "\" for configuration \"" + key + "\"; sources available: "
                + String.join(", ", byName.keySet());
    }
}
