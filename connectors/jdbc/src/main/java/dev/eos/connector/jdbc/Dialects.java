package dev.eos.connector.jdbc;

import dev.eos.connector.jdbc.dialect.AnsiDialect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/** Finds the {@link JdbcDialect} for a JDBC URL among those on the class path. */
public final class Dialects {

    private Dialects() {
    }

    /** The dialects found with ServiceLoader in this connector's and the thread's class loaders. */
    public static List<JdbcDialect> available() {
        Map<String, JdbcDialect> found = new LinkedHashMap<>();
        List<ClassLoader> loaders = new ArrayList<>();
        loaders.add(JdbcDialect.class.getClassLoader());
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null && context != loaders.get(0)) {
            loaders.add(context);
        }
        for (ClassLoader loader : loaders) {
            var it = ServiceLoader.load(JdbcDialect.class, loader).iterator();
            while (true) {
                try {
                    if (!it.hasNext()) {
                        break;
                    }
                    JdbcDialect d = it.next();
                    found.putIfAbsent(d.getClass().getName(), d);
                } catch (ServiceConfigurationError e) {
                    // a broken third-party dialect must not hide the others
                }
            }
        }
        return List.copyOf(found.values());
    }

    /** The supporting dialect with the highest priority, or the ANSI fallback. */
    public static JdbcDialect forUrl(String jdbcUrl) {
        return available().stream()
                .filter(d -> d.supports(jdbcUrl))
                .max(Comparator.comparingInt(JdbcDialect::priority))
                .orElseGet(AnsiDialect::new);
    }
}
