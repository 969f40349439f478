package dev.eos.spi;

/** The type of a {@link ConfigOption}, which decides how its text value is parsed. */
public enum ConfigType {
    STRING,
    INT,
    LONG,
    BOOLEAN,
    /** {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 1d}, or ISO-8601 ({@code PT5S}). */
    DURATION,
    /** One of a Java enum's constants, written lower-case with hyphens ({@code INSERT_IF_ABSENT} is {@code insert-if-absent}). */
    ENUM,
    /** Comma-separated strings, trimmed, empty entries dropped. */
    LIST,
    /** A {@link Secret}: never printed. */
    SECRET
}
