package dev.eos.connector.jdbc;

import dev.eos.connector.support.JsonText;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * Converts a record's value (String, Long, Double, Boolean, Instant, byte[], nested Map/List) to the Java type its
 * column takes. A value that cannot be converted is one bad record: {@link IllegalArgumentException} with the
 * reason, never the value.
 */
final class Values {

    private Values() {
    }

    static Object convert(Object value, TargetColumn column) {
        if (value == null) {
            return null;
        }
        if (column.isText() || column.jdbcType() == Types.OTHER || column.jdbcType() == Types.SQLXML) {
            return text(value);
        }
        if (column.isIntegral()) {
            return integral(value, column);
        }
        return switch (column.jdbcType()) {
            case Types.DECIMAL, Types.NUMERIC -> decimal(value, column);
            case Types.REAL, Types.FLOAT, Types.DOUBLE -> decimal(value, column).doubleValue();
            case Types.BOOLEAN, Types.BIT -> bool(value, column);
            case Types.TIMESTAMP_WITH_TIMEZONE -> instant(value, column).atOffset(ZoneOffset.UTC);
            case Types.TIMESTAMP -> LocalDateTime.ofInstant(instant(value, column), ZoneOffset.UTC);
            case Types.DATE -> value instanceof String s && s.length() == 10
                    ? parseDate(s, column) : LocalDate.ofInstant(instant(value, column), ZoneOffset.UTC);
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB ->
                    value instanceof byte[] b ? b : text(value).getBytes(StandardCharsets.UTF_8);
            default -> value instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : value;
        };
    }

    static String text(Object value) {
        return JsonText.text(value);
    }

    private static Long integral(Object value, TargetColumn column) {
        if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return ((Number) value).longValue();
        }
        if (value instanceof Number n) {
            double d = n.doubleValue();
            if (d == Math.rint(d) && Math.abs(d) < 9.0e18) {
                return (long) d;
            }
            throw mismatch("a fractional number", column);
        }
        if (value instanceof Instant i) {
            return i.toEpochMilli();
        }
        if (value instanceof String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                throw mismatch("text that is not an integer", column);
            }
        }
        throw mismatch(kind(value), column);
    }

    private static BigDecimal decimal(Object value, TargetColumn column) {
        if (value instanceof Number n) {
            return n instanceof BigDecimal d ? d : new BigDecimal(n.toString());
        }
        if (value instanceof String s) {
            try {
                return new BigDecimal(s.trim());
            } catch (NumberFormatException e) {
                throw mismatch("text that is not a number", column);
            }
        }
        throw mismatch(kind(value), column);
    }

    private static Boolean bool(Object value, TargetColumn column) {
        if (value instanceof Boolean b) {
            return b;
        }
        if (value instanceof Number n && (n.longValue() == 0 || n.longValue() == 1)) {
            return n.longValue() == 1;
        }
        if (value instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(s);
        }
        throw mismatch(kind(value), column);
    }

    private static Instant instant(Object value, TargetColumn column) {
        if (value instanceof Instant i) {
            return i;
        }
        if (value instanceof Long || value instanceof Integer) {
            return Instant.ofEpochMilli(((Number) value).longValue());
        }
        if (value instanceof String s) {
            try {
                return OffsetDateTime.parse(s).toInstant();
            } catch (DateTimeParseException e) {
                try {
                    return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException e2) {
                    throw mismatch("text that is not an ISO-8601 timestamp", column);
                }
            }
        }
        throw mismatch(kind(value), column);
    }

    private static LocalDate parseDate(String s, TargetColumn column) {
        try {
            return LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            throw mismatch("text that is not an ISO-8601 date", column);
        }
    }

    private static IllegalArgumentException mismatch(String what, TargetColumn column) {
        return new IllegalArgumentException(what + " does not fit column " + column.describe());
    }

    private static String kind(Object value) {
        if (value instanceof Map<?, ?>) {
            return "an object";
        }
        if (value instanceof List<?>) {
            return "a list";
        }
        if (value instanceof byte[]) {
            return "bytes";
        }
        return "a " + value.getClass().getSimpleName();
    }
}
