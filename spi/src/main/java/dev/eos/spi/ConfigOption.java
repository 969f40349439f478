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
 *         .min(1).max(100_000)
 *         .description("Records per round trip to the database.");
 * }</pre>
 *
 * <p>Every value is bounded: a number that does not fit its type and a duration that does not fit a {@code long} of
 * milliseconds are refused with the reason, never left to overflow later; a duration is never negative. Numbers and
 * durations declare their range with {@link #min}/{@link #max} (shown in the reference), and may name a value above
 * which a legal setting is most likely a mistake ({@link #warnAbove}): it is accepted with a warning
 * ({@link Config#warnings()}).
 *
 * @param <T> the parsed value's type
 */
public final class ConfigOption<T> {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9]*([.-][a-z0-9]+)*");
    private static final Pattern DURATION = Pattern.compile("([-+]?\\d+)\\s*(ms|s|m|min|h|d)");

    private final String name;
    private final ConfigType type;
    private final Class<?> enumType;
    private final boolean required;
    private final T defaultValue;
    private final String description;
    private final List<Check<T>> checks;
    private final T min;
    private final T max;
    private final T warnAbove;
    private final String warnReason;
    private final boolean secretOnlyInCredentials;

    private ConfigOption(String name, ConfigType type, Class<?> enumType, boolean required, T defaultValue,
                         String description, List<Check<T>> checks, T min, T max, T warnAbove, String warnReason,
                         boolean secretOnlyInCredentials) {
        this.name = name;
        this.type = type;
        this.enumType = enumType;
        this.required = required;
        this.defaultValue = defaultValue;
        this.description = description;
        this.checks = List.copyOf(checks);
        this.min = min;
        this.max = max;
        this.warnAbove = warnAbove;
        this.warnReason = warnReason;
        this.secretOnlyInCredentials = secretOnlyInCredentials;
    }

    private ConfigOption<T> with(boolean required, T defaultValue, String description, List<Check<T>> checks,
                                 T min, T max, T warnAbove, String warnReason) {
        return new ConfigOption<>(name, type, enumType, required, defaultValue, description, checks, min, max,
                warnAbove, warnReason, secretOnlyInCredentials);
    }

    private static <T> ConfigOption<T> declare(String name, ConfigType type, Class<?> enumType) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("option name must be lower-case words joined by '-' or '.': " + name);
        }
        return new ConfigOption<>(name, type, enumType, false, null, "", List.of(), null, null, null, null, false);
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
        return with(true, null, description, checks, min, max, warnAbove, warnReason);
    }

    public ConfigOption<T> defaultValue(T value) {
        if (type == ConfigType.SECRET) {
            throw new IllegalArgumentException("a secret has no default: " + name);
        }
        requireInRange(Objects.requireNonNull(value), min, max);
        return with(false, value, description, checks, min, max, warnAbove, warnReason);
    }

    public ConfigOption<T> description(String text) {
        return with(required, defaultValue, Objects.requireNonNull(text), checks, min, max, warnAbove, warnReason);
    }

    /**
     * The smallest value accepted (numbers and durations); a smaller one is reported as
     * {@code Invalid value V for configuration K: must be at least MIN}.
     */
    public ConfigOption<T> min(T value) {
        requireOrdered(value);
        requireInRange(defaultValue, value, max);
        return with(required, defaultValue, description, checks, value, max, warnAbove, warnReason);
    }

    /** The largest value accepted (numbers and durations). */
    public ConfigOption<T> max(T value) {
        requireOrdered(value);
        requireInRange(defaultValue, min, value);
        return with(required, defaultValue, description, checks, min, value, warnAbove, warnReason);
    }

    /**
     * A value above {@code limit} is legal but most likely a mistake: it is accepted with a warning that names the
     * key, the value and {@code why} (such as {@code a batch is cut less than once a day}).
     */
    public ConfigOption<T> warnAbove(T limit, String why) {
        requireOrdered(limit);
        return with(required, defaultValue, description, checks, min, max, limit, Objects.requireNonNull(why));
    }

    /** Adds a rule; a value that fails it is reported as {@code Invalid value V for configuration K: reason}. */
    public ConfigOption<T> check(Predicate<? super T> rule, String reason) {
        List<Check<T>> all = new ArrayList<>(checks);
        all.add(new Check<>(rule, reason));
        return with(required, defaultValue, description, all, min, max, warnAbove, warnReason);
    }

    /**
     * The secret option's value is an address that may carry credentials inside it, such as a JDBC URL
     * ({@code jdbc:postgresql://user:PASSWORD@db/app?password=...}): only those credentials (a URL's user-info
     * password, {@code password=}-like parameters, connection-string keys) are secret, so that messages and logs may
     * name the endpoint with its credentials masked. Without it (the default) the whole value of a secret option is
     * masked wherever it appears.
     *
     * @throws IllegalArgumentException when the option is not a secret
     */
    public ConfigOption<T> secretOnlyInCredentials() {
        if (type != ConfigType.SECRET) {
            throw new IllegalArgumentException("only a secret option can be secret only in its credentials: " + name);
        }
        return new ConfigOption<>(name, type, enumType, required, defaultValue, description, checks, min, max,
                warnAbove, warnReason, true);
    }

    private void requireOrdered(T value) {
        Objects.requireNonNull(value);
        if (type != ConfigType.INT && type != ConfigType.LONG && type != ConfigType.DURATION) {
            throw new IllegalArgumentException("only numbers and durations have a range: " + name);
        }
    }

    private void requireInRange(T value, T low, T high) {
        if (value != null && rangeProblem(value, low, high) != null) {
            throw new IllegalArgumentException("the default of " + name + " is out of its range: " + format(value));
        }
    }

    /** The smallest value accepted, or null when only the type bounds it. */
    public T min() {
        return min;
    }

    /** The largest value accepted, or null when only the type bounds it. */
    public T max() {
        return max;
    }

    /** The range in words, such as {@code 1 to 100000} or {@code at least 1ms}; empty when there is none. */
    public String rangeText() {
        if (min != null && max != null) {
            return format(min) + " to " + format(max);
        }
        if (min != null) {
            return "at least " + format(min);
        }
        return max == null ? "" : "at most " + format(max);
    }

    /**
     * The warning a legal value deserves, or null: {@code value} is above the {@link #warnAbove} limit.
     *
     * @param key the full key, for the message
     */
    public String warning(String key, T value) {
        if (warnAbove == null || value == null || compare(value, warnAbove) <= 0) {
            return null;
        }
        return "Value " + format(value) + " for configuration \"" + key + "\" is unusually large (over "
                + format(warnAbove) + "): " + warnReason;
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

    /** Whether only the credentials inside this secret option's value are secret ({@link #secretOnlyInCredentials()}). */
    public boolean isSecretOnlyInCredentials() {
        return secretOnlyInCredentials;
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
        String outOfRange = rangeProblem(value, min, max);
        if (outOfRange != null) {
            throw new IllegalArgumentException(outOfRange);
        }
        for (Check<T> check : checks) {
            if (!check.rule().test(value)) {
                throw new IllegalArgumentException(check.reason());
            }
        }
        return value;
    }

    private String rangeProblem(T value, T low, T high) {
        if (low != null && compare(value, low) < 0) {
            return "must be at least " + format(low);
        }
        if (high != null && compare(value, high) > 0) {
            return "must be at most " + format(high);
        }
        return null;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compare(Object a, Object b) {
        return ((Comparable) a).compareTo(b);
    }

    private static final Pattern INTEGER = Pattern.compile("[+-]?\\d+");

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
            if (INTEGER.matcher(text).matches()) {
                boolean negative = text.startsWith("-");
                long limit = isInt ? (negative ? Integer.MIN_VALUE : Integer.MAX_VALUE)
                        : (negative ? Long.MIN_VALUE : Long.MAX_VALUE);
                throw new IllegalArgumentException("out of range: " + (negative ? "at least " : "at most ") + limit);
            }
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

    /** The longest duration accepted: what fits a {@code long} of milliseconds. */
    public static final Duration MAX_DURATION = Duration.ofMillis(Long.MAX_VALUE);

    /**
     * Parses {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 1d} or ISO-8601 {@code PT5S}.
     *
     * @throws IllegalArgumentException with the reason: not a duration, negative, or longer than a {@code long} of
     *     milliseconds holds
     */
    public static Duration parseDuration(String text) {
        Matcher m = DURATION.matcher(text.toLowerCase(Locale.ROOT));
        Duration d;
        try {
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                d = switch (m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m", "min" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            } else {
                d = Duration.parse(text);
            }
            d.toMillis();
        } catch (NumberFormatException | ArithmeticException e) {
            throw tooLong();
        } catch (DateTimeParseException e) {
            if (e.getCause() instanceof ArithmeticException) {
                throw tooLong();
            }
            throw new IllegalArgumentException("not a duration (examples: 500ms, 5s, 2m, 1h)");
        }
        if (d.isNegative()) {
            throw new IllegalArgumentException("a duration cannot be negative");
        }
        return d;
    }

    private static IllegalArgumentException tooLong() {
        return new IllegalArgumentException("too long: a duration is at most " + MAX_DURATION.toMillis() + "ms (about "
                + MAX_DURATION.toDays() / 365 + " years)");
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
