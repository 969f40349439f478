package dev.eos.spi;

import java.util.List;

/**
 * The configuration or the deployment cannot work: missing or invalid options, or (from
 * {@link Sink#preflight()}) a backend that cannot give the guarantee, such as a table without a unique key.
 * Carries every problem found, each a sentence naming the key; its message lists them one per line.
 * Secret values never appear: the problem names the key and says {@code [hidden]}.
 */
public class ConfigException extends SinkException {

    private final List<String> problems;

    public ConfigException(List<String> problems) {
        super(String.join(System.lineSeparator(), requireSome(problems)));
        this.problems = List.copyOf(problems);
    }

    public ConfigException(String problem) {
        this(List.of(problem));
    }

    public ConfigException(String problem, Throwable cause) {
        super(problem, cause);
        this.problems = List.of(problem);
    }

    /** Every problem found, in the order found. */
    public List<String> problems() {
        return problems;
    }

    /** {@code Missing required configuration "key"}. */
    public static String missing(String key) {
        return "Missing required configuration \"" + key + "\"";
    }

    /** {@code Invalid value V for configuration K: reason}; pass {@link Secret#HIDDEN} as the value of a secret. */
    public static String invalid(String key, String value, String reason) {
        return "Invalid value " + value + " for configuration \"" + key + "\": " + reason;
    }

    private static List<String> requireSome(List<String> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a configuration exception needs at least one problem");
        }
        return problems;
    }
}
