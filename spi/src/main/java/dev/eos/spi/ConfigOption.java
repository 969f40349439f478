package dev.eos.spi;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A declared option: its name (relative to the sink's prefix, lower-case and hyphenated: {@code batch-size}),
 * type, whether it is required, its default, its description and its rules. Immutable: each {@code with}-method
 * returns a new option, so options are declared as constants:
 *
 * <pre>{@code
 * static final ConfigOption<Integer> BATCH_SIZE = ConfigOption.intOption("batch-size")
 *         .defaultValue(1000)
 *         .check(n -> n > 0, "must be positive")
 *         .description("Records per round trip to the database.");
 * }</pre>
 *
 * @param <T> the parsed value's type
 */
public final class ConfigOption<T> {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*([.-][a-z0-9]+)*");
    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|min|h|d)");

    private final String name;
    private final ConfigType type;
    private final Class<?> enumType;
    private final boolean required;
    private final T defaultValue;
    private final String description;
    private final List<Check<T>> checks;

    private ConfigOption(String name, ConfigType type, Class<?> enumType, boolean required, T defaultValue,
                         String description, List<Check<T>> checks) {
        this.name = name;
        this.type = type;
        this.enumType = enumType;
        this.required = required;
        this.defaultValue = defaultValue;
        this.description = description;
        this.checks = List.copyOf(checks);
    }

    private static <T> ConfigOption<T> declare(String name, ConfigType type, Class<?> enumType) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("option name must be lower-case words joined by '-' or '.': " + name);
        }
        return new ConfigOption<>(name, type, enumType, false, null, "", List.of());
    }

    public static ConfigOption<String> stringOption(String name) {
        return declare(name, ConfigType.STRING, null);
    }

    public static ConfigOption<Integer> intOption(String name) {
        return declare(name, ConfigType.INT, null);
    }

    public static ConfigOption<Long> longOption(String name) {
        return declare(name, ConfigType.LONG, null);
    }

    public static ConfigOption<Boolean> booleanOption(String name) {
        return declare(name, ConfigType.BOOLEAN, null);
    }

    public static ConfigOption<Duration> durationOption(String name) {
        return declare(name, ConfigType.DURATION, null);
    }

    public static <E extends Enum<E>> ConfigOption<E> enumOption(String name, Class<E> type) {
        return declare(name, ConfigType.ENUM, type);
    }

    public static ConfigOption<List<String>> listOption(String name) {
        return declare(name, ConfigType.LIST, null);
    }

    public static ConfigOption<Secret> secretOption(String name) {
        return declare(name, ConfigType.SECRET, null);
    }

    /** The option must be given (a required option has no default). */
    public ConfigOption<T> required() {
        return new ConfigOption<>(name, type, enumType, true, null, description, checks);
    }

    public ConfigOption<T> defaultValue(T value) {
        if (type == ConfigType.SECRET) {
            throw new IllegalArgumentException("a secret has no default: " + name);
        }
        return new ConfigOption<>(name, type, enumType, false, Objects.requireNonNull(value), description, checks);
    }

    public ConfigOption<T> description(String text) {
        return new ConfigOption<>(name, type, enumType, required, defaultValue, Objects.requireNonNull(text), checks);
    }

    /** Adds a rule; a value that fails it is reported as {@code Invalid value V for configuration K: reason}. */
    public ConfigOption<T> check(Predicate<? super T> rule, String reason) {
        List<Check<T>> all = new ArrayList<>(checks);
        all.add(new Check<>(rule, reason));
        return new ConfigOption<>(name, type, enumType, required, defaultValue, description, all);
    }

    public String name() {
        return name;
    }

    public ConfigType type() {
        return type;
    }

    public boolean isRequired() {
        return required;
    }

    public boolean isSecret() {
        return type == ConfigType.SECRET;
    }

    /** The default, or null when there is none. */
    public T defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** The values an enum option accepts, in declaration order; empty for other types. */
    public List<String> allowedValues() {
        if (enumType == null) {
            return List.of();
        }
        return Arrays.stream(enumType.getEnumConstants()).map(e -> enumText((Enum<?>) e)).toList();
    }

    /** The default as a user would write it, or null when there is none. */
    public String defaultText() {
        return defaultValue == null ? null : format(defaultValue);
    }

    /** How a value of this option is written in a properties file. */
    public String format(T value) {
        if (value instanceof Enum<?> e) {
            return enumText(e);
        }
        if (value instanceof Duration d) {
            return formatDuration(d);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).collect(Collectors.joining(","));
        }
        return String.valueOf(value);
    }

    /**
     * Parses and checks a text value.
     *
     * @throws IllegalArgumentException with the reason (never the value) when it is not valid
     */
    @SuppressWarnings("unchecked")
    public T parse(String text) {
        String trimmed = text.trim();
        T value = (T) switch (type) {
            case STRING -> trimmed;
            case SECRET -> parseSecret(text);
            case INT -> parseNumber(trimmed, true);
            case LONG -> parseNumber(trimmed, false);
            case BOOLEAN -> parseBoolean(trimmed);
            case DURATION -> parseDuration(trimmed);
            case ENUM -> parseEnum(trimmed);
            case LIST -> Arrays.stream(trimmed.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        };
        for (Check<T> check : checks) {
            if (!check.rule().test(value)) {
                throw new IllegalArgumentException(check.reason());
            }
        }
        return value;
    }

    private static Secret parseSecret(String text) {
        if (text.isBlank()) {
            throw new IllegalArgumentException("must not be blank");
        }
        return new Secret(text);
    }

    private static Object parseNumber(String text, boolean isInt) {
        try {
            return isInt ? (Object) Integer.parseInt(text) : (Object) Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(isInt ? "not an integer" : "not a long integer");
        }
    }

    private static Boolean parseBoolean(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("must be true or false");
        };
    }

    private Object parseEnum(String text) {
        for (Object constant : enumType.getEnumConstants()) {
            if (enumText((Enum<?>) constant).equalsIgnoreCase(text.replace('_', '-'))) {
                return constant;
            }
        }
        throw new IllegalArgumentException("must be one of " + String.join(", ", allowedValues()));
    }

    /** Parses {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 1d} or ISO-8601 {@code PT5S}. */
    public static Duration parseDuration(String text) {
        Matcher m = DURATION.matcher(text.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m", "min" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            return Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a duration (examples: 500ms, 5s, 2m, 1h)");
        }
    }

    static String formatDuration(Duration d) {
        long ms = d.toMillis();
        if (ms % 86_400_000 == 0 && ms > 0) {
            return ms / 86_400_000 + "d";
        }
        if (ms % 3_600_000 == 0 && ms > 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }

    static String enumText(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    @Override
    public String toString() {
        return name + " (" + type.name().toLowerCase(Locale.ROOT) + (required ? ", required" : "") + ")";
    }

    private record Check<T>(Predicate<? super T> rule, String reason) {
    }
}
