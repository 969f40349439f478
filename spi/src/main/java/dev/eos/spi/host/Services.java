package dev.eos.spi.host;

import java.net.URL;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Loads the implementations of a service type with {@link ServiceLoader}, with the one error policy every EOS
 * plug-in point follows (sinks, sources, JDBC dialects):
 * <ul>
 *   <li>an implementation that fails to load (a missing class, a throwing constructor, a broken
 *       {@code META-INF/services} line) is skipped and recorded as a {@linkplain Loaded#problems() problem}, a
 *       sentence naming what failed and why; it never hides the implementations that did load;</li>
 *   <li>the same class seen through several class loaders is loaded once;</li>
 *   <li>the caller decides what a problem means: reported with an unknown name, logged, or fatal.</li>
 * </ul>
 * Stateless and thread-safe.
 */
public final class Services {

    private static final int MAX_PROBLEMS = 100;

    private Services() {
    }

    /**
     * What a load found: the implementations, in class-path order, and a sentence for each one that failed.
     *
     * @param <T> the service type
     */
    public record Loaded<T>(List<T> services, List<String> problems) {
        public Loaded {
            services = List.copyOf(services);
            problems = List.copyOf(problems);
        }
    }

    /** The thread's context class loader, or {@code fallback}'s loader when the thread has none. */
    public static ClassLoader contextLoader(Class<?> fallback) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return loader != null ? loader : fallback.getClassLoader();
    }

    /**
     * Loads every implementation of {@code type} visible to any of {@code loaders}.
     *
     * @param what what an implementation is called in a problem sentence ("sink provider", "source")
     */
    public static <T> Loaded<T> load(Class<T> type, String what, ClassLoader... loaders) {
        Map<String, T> found = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        for (ClassLoader loader : loaders) {
            Iterator<T> it = ServiceLoader.load(type, loader).iterator();
            while (problems.size() < MAX_PROBLEMS) {
                try {
                    if (!it.hasNext()) {
                        break;
                    }
                    T service = it.next();
                    found.putIfAbsent(service.getClass().getName(), service);
                } catch (ServiceConfigurationError | LinkageError e) {
                    String problem = "A " + what + " could not be loaded and was skipped: " + describe(e);
                    if (!problems.contains(problem)) {
                        problems.add(problem);
                    }
                }
            }
        }
        return new Loaded<>(new ArrayList<>(found.values()), problems);
    }

    /** {@code class (jar)} of an implementation, for messages. */
    public static String origin(Object service) {
        Class<?> type = service.getClass();
        CodeSource source = type.getProtectionDomain().getCodeSource();
        URL url = source == null ? null : source.getLocation();
        return type.getName() + " (" + (url == null ? "unknown location" : url.toString()) + ")";
    }

    /** A throwable's message followed by each cause's type and message. */
    public static String describe(Throwable e) {
        StringBuilder out = new StringBuilder(String.valueOf(e.getMessage()));
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            out.append(": ").append(cause.getClass().getSimpleName()).append(": ").append(cause.getMessage());
        }
        return out.toString();
    }
}
