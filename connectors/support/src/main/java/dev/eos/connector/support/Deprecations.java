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
     * Logs {@link #message}, the first time this JVM sees this key with this old spelling.
     *
     * @return whether it was logged now
     */
    public static boolean warnOnce(String key, String oldSpelling, String newSpelling) {
        if (!WARNED.add(key + "\u0000" + oldSpelling)) {
            return false;
        }
        LOG.warn(message(key, oldSpelling, newSpelling));
        return true;
    }

    /** {@code Configuration "K": "old" is an old spelling and still accepted; write "new" (see ...)}. */
    public static String message(String key, String oldSpelling, String newSpelling) {
        return "Configuration \"" + key + "\": \"" + oldSpelling + "\" is an old spelling and still accepted; "
                + "write \"" + newSpelling + "\" (see docs/record-expressions.md)";
    }
}
