package dev.eos.connector.support;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Warns once per JVM about an old spelling that is still accepted, naming the key and the new spelling. */
public final class Deprecations {

    private static final Logger LOG = LoggerFactory.getLogger(Deprecations.class);
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    private Deprecations() {
    }

    /**
     * Logs, the first time this key and old spelling are seen: {@code Configuration "K": "old" is an old spelling,
     * write "new" (see docs/record-expressions.md)}.
     *
     * @return the sentence (logged or not), for callers that also report it elsewhere
     */
    public static String warnOnce(String key, String oldSpelling, String newSpelling) {
        String message = "Configuration \"" + key + "\": \"" + oldSpelling + "\" is an old spelling and still accepted; "
                + "write \"" + newSpelling + "\" (see docs/record-expressions.md)";
        if (WARNED.add(key + "\u0000" + oldSpelling)) {
            LOG.warn(message);
        }
        return message;
    }
}
