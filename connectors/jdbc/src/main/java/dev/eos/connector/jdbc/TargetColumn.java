package dev.eos.connector.jdbc;

import java.sql.Types;
import java.util.Locale;

/**
 * A column of the target table as the database describes it.
 *
 * @param name the column's name as stored in the catalog
 * @param jdbcType the {@link Types} constant
 * @param typeName the database's own type name ({@code varchar}, {@code int8}, {@code nvarchar})
 * @param size the declared length or precision, 0 when none
 * @param nullable whether NULL is allowed
 * @param hasDefault whether the column has a default or is generated
 */
public record TargetColumn(String name, int jdbcType, String typeName, int size, boolean nullable, boolean hasDefault) {

    public boolean isText() {
        return switch (jdbcType) {
            case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR,
                 Types.CLOB, Types.NCLOB -> true;
            default -> false;
        };
    }

    public boolean isNationalText() {
        return switch (jdbcType) {
            case Types.NCHAR, Types.NVARCHAR, Types.LONGNVARCHAR, Types.NCLOB -> true;
            default -> false;
        };
    }

    public boolean isIntegral() {
        return switch (jdbcType) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> true;
            default -> false;
        };
    }

    public boolean isNumeric() {
        return isIntegral() || switch (jdbcType) {
            case Types.DECIMAL, Types.NUMERIC, Types.REAL, Types.FLOAT, Types.DOUBLE -> true;
            default -> false;
        };
    }

    public boolean isTemporal() {
        return switch (jdbcType) {
            case Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE, Types.DATE -> true;
            default -> false;
        };
    }

    public boolean isBinary() {
        return switch (jdbcType) {
            case Types.BINARY, Types.VARBINARY, Types.LONGVARBINARY, Types.BLOB -> true;
            default -> false;
        };
    }

    /** {@code name (type)}, for messages. */
    public String describe() {
        return name + " (" + typeName.toLowerCase(Locale.ROOT) + (size > 0 && size < Integer.MAX_VALUE && isText() ? "(" + size + ")" : "") + ")";
    }
}
