package dev.eos.connector.jdbc;

import dev.eos.connector.jdbc.dialect.AnsiDialect;
import dev.eos.spi.host.Services;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Comparator;
import java.util.List;

/**
 * Finds the {@link JdbcDialect} for a JDBC URL among those on the class path, with {@link Services}' one error
 * policy: a dialect that fails to load is skipped, and its problem is logged and named when no dialect fits.
 */
public final class Dialects {

    private static final Logger LOG = LoggerFactory.getLogger(Dialects.class);

    private Dialects() {
    }

    /** The dialects found in this connector's and the thread's class loaders, and a sentence per broken one. */
    public static Services.Loaded<JdbcDialect> load() {
        ClassLoader own = JdbcDialect.class.getClassLoader();
        ClassLoader context = Services.contextLoader(JdbcDialect.class);
        return context == own ? Services.load(JdbcDialect.class, "JDBC dialect", own)
                : Services.load(JdbcDialect.class, "JDBC dialect", own, context);
    }

    /** The dialects that loaded; each one that did not is logged. */
    public static List<JdbcDialect> available() {
        Services.Loaded<JdbcDialect> loaded = load();
        loaded.problems().forEach(LOG::warn);
        return loaded.services();
    }

    /** The supporting dialect with the highest priority, or the ANSI fallback (logged with any skipped dialect). */
    public static JdbcDialect forUrl(String jdbcUrl) {
        Services.Loaded<JdbcDialect> loaded = load();
        loaded.problems().forEach(LOG::warn);
        return loaded.services().stream()
                .filter(d -> d.supports(jdbcUrl))
                .max(Comparator.comparingInt(JdbcDialect::priority))
                .orElseGet(() -> {
                    if (!loaded.problems().isEmpty()) {
                        LOG.warn("No JDBC dialect supports {}; using the ANSI fallback. Skipped: {}",
                                Redaction.url(jdbcUrl), String.join(" ", loaded.problems()));
                    }
                    return new AnsiDialect();
                });
    }
}
