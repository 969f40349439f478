package dev.eos.connector.jdbc;

import dev.eos.connector.support.RecordExpression;
import dev.eos.connector.support.RecordExpression.Kind;
import dev.eos.spi.SinkRecord;

import java.util.Map;

/**
 * Where a column's value comes from in a record: a record expression. A field is matched exactly, then ignoring
 * case, as column names are.
 */
record ValueSource(RecordExpression expression) {

    /** The record field of this name. */
    static ValueSource field(String name) {
        return new ValueSource(RecordExpression.parse("field." + name, RecordExpression.RECORD));
    }

    Object extract(SinkRecord record) {
        if (expression.kind() != Kind.FIELD) {
            return expression.value(record, null);
        }
        Map<String, Object> fields = record.fields();
        String name = expression.name();
        Object value = fields.get(name);
        if (value != null || fields.containsKey(name)) {
            return value;
        }
        for (Map.Entry<String, Object> e : fields.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    /** How the source is written in {@code columns}. */
    String text() {
        return expression.toString();
    }

    /** The kind of column that can hold this source, or null when any column can (a field, a header). */
    String needs() {
        return switch (expression.kind()) {
            case KEY, POSITION, POSITION_SOURCE -> "text column";
            case VALUE -> "text or binary column";
            case EVENT_TIME -> expression.pattern() == null ? "timestamp, text or bigint column" : "text column";
            case POSITION_PARTITION, POSITION_OFFSET -> "numeric or text column";
            default -> null;
        };
    }

    /** Whether a column of this type can hold this source. */
    boolean fits(TargetColumn column) {
        return switch (expression.kind()) {
            case KEY, POSITION, POSITION_SOURCE -> column.isText();
            case VALUE -> column.isText() || column.isBinary() || column.jdbcType() == java.sql.Types.OTHER;
            case EVENT_TIME -> column.isText() || (expression.pattern() == null && (column.isTemporal() || column.isIntegral()));
            case POSITION_PARTITION, POSITION_OFFSET -> column.isNumeric() || column.isText();
            default -> true;
        };
    }

    /** The column type {@code create-table} gives this source. */
    String createdType(JdbcDialect dialect) {
        return switch (expression.kind()) {
            case EVENT_TIME -> expression.pattern() == null ? dialect.timestampColumnType() : dialect.textColumnType();
            case POSITION_PARTITION, POSITION_OFFSET -> dialect.bigintColumnType();
            default -> dialect.textColumnType();
        };
    }

    @Override
    public String toString() {
        return text();
    }
}
