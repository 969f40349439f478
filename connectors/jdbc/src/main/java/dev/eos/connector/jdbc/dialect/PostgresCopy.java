package dev.eos.connector.jdbc.dialect;

import dev.eos.connector.jdbc.TargetColumn;
import dev.eos.connector.jdbc.TargetTable;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * PostgreSQL's bulk path: one {@code COPY t (c1, c2) FROM STDIN (FORMAT binary)} per chunk through pgjdbc's
 * {@code CopyManager}, inside the caller's transaction. Binary when every written column has a binary encoding here
 * (text types, integers, floats, boolean, bytea, timestamp, timestamptz, date, uuid, json, jsonb); COPY's text format
 * otherwise (numeric, arrays, user types), which reaches any type through its input function. The server checks
 * every value against its column (a {@code varchar(n)} too long fails with 22001), and a key already stored fails the
 * COPY with 23505.
 */
final class PostgresCopy {

    private static final Set<String> BINARY = Set.of("varchar", "text", "bpchar", "name", "json", "jsonb", "int8",
            "int4", "int2", "float8", "float4", "bool", "bytea", "timestamptz", "timestamp", "date", "uuid");
    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0};
    private static final LocalDateTime PG_EPOCH = LocalDateTime.of(2000, 1, 1, 0, 0);
    private static final LocalDate PG_EPOCH_DATE = LocalDate.of(2000, 1, 1);

    private PostgresCopy() {
    }

    static long copy(Connection connection, TargetTable table, List<Object[]> rows) throws SQLException {
        boolean binary = table.columns().stream().allMatch(c -> BINARY.contains(type(c)));
        byte[] data = null;
        if (binary) {
            try {
                data = binary(table, rows);
            } catch (ClassCastException e) {
                binary = false;   // a value of a Java type the binary encoding does not expect: the text format takes any
            }
        }
        if (!binary) {
            data = text(table, rows);
        }
        String sql = "COPY " + table.qualifiedName() + " (" + table.quotedColumnList() + ") FROM STDIN"
                + (binary ? " (FORMAT binary)" : "");
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        try {
            copy.writeToCopy(data, 0, data.length);
            return copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    private static String type(TargetColumn column) {
        return column.typeName().toLowerCase(Locale.ROOT);
    }

    private static byte[] binary(TargetTable table, List<Object[]> rows) throws SQLException {
        int n = table.columns().size();
        String[] types = new String[n];
        for (int c = 0; c < n; c++) {
            types[c] = type(table.columns().get(c));
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(rows.size() * 64 + 32);
        DataOutputStream out = new DataOutputStream(bytes);
        try {
            out.write(SIGNATURE);
            out.writeInt(0);
            out.writeInt(0);
            for (Object[] row : rows) {
                out.writeShort(n);
                for (int c = 0; c < n; c++) {
                    field(out, types[c], row[c]);
                }
            }
            out.writeShort(-1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void field(DataOutputStream out, String type, Object value) throws IOException, SQLException {
        if (value == null) {
            out.writeInt(-1);
            return;
        }
        switch (type) {
            case "int8" -> {
                out.writeInt(8);
                out.writeLong((Long) value);
            }
            case "int4" -> {
                out.writeInt(4);
                out.writeInt((int) ranged((Long) value, Integer.MIN_VALUE, Integer.MAX_VALUE, "integer"));
            }
            case "int2" -> {
                out.writeInt(2);
                out.writeShort((int) ranged((Long) value, Short.MIN_VALUE, Short.MAX_VALUE, "smallint"));
            }
            case "float8" -> {
                out.writeInt(8);
                out.writeDouble(((Number) value).doubleValue());
            }
            case "float4" -> {
                out.writeInt(4);
                out.writeFloat(((Number) value).floatValue());
            }
            case "bool" -> {
                out.writeInt(1);
                out.writeByte((Boolean) value ? 1 : 0);
            }
            case "bytea" -> bytes(out, (byte[]) value);
            case "timestamptz", "timestamp" -> {
                // the sink's values are UTC: an OffsetDateTime, or a LocalDateTime in UTC
                LocalDateTime utc = value instanceof OffsetDateTime odt
                        ? odt.withOffsetSameInstant(ZoneOffset.UTC).toLocalDateTime() : (LocalDateTime) value;
                out.writeInt(8);
                out.writeLong(ChronoUnit.MICROS.between(PG_EPOCH, utc));
            }
            case "date" -> {
                out.writeInt(4);
                out.writeInt((int) ChronoUnit.DAYS.between(PG_EPOCH_DATE, (LocalDate) value));
            }
            case "uuid" -> {
                UUID uuid;
                try {
                    uuid = UUID.fromString(value.toString());
                } catch (IllegalArgumentException e) {
                    throw new SQLException("invalid input syntax for type uuid", "22P02");
                }
                out.writeInt(16);
                out.writeLong(uuid.getMostSignificantBits());
                out.writeLong(uuid.getLeastSignificantBits());
            }
            case "jsonb" -> {
                byte[] text = value.toString().getBytes(StandardCharsets.UTF_8);
                out.writeInt(text.length + 1);
                out.writeByte(1);
                out.write(text);
            }
            default -> bytes(out, value.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    private static long ranged(long value, long min, long max, String type) throws SQLException {
        if (value < min || value > max) {
            throw new SQLException("value " + value + " is out of range for type " + type, "22003");
        }
        return value;
    }

    private static void bytes(DataOutputStream out, byte[] value) throws IOException {
        out.writeInt(value.length);
        out.write(value);
    }

    /** COPY's text format: tab-separated, {@code \N} for NULL, backslash escapes. */
    private static byte[] text(TargetTable table, List<Object[]> rows) {
        StringBuilder sb = new StringBuilder(rows.size() * 64);
        for (Object[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                if (c > 0) {
                    sb.append('\t');
                }
                String value = PostgresDialect.text(row[c]);
                if (value == null) {
                    sb.append("\\N");
                    continue;
                }
                for (int i = 0; i < value.length(); i++) {
                    char ch = value.charAt(i);
                    switch (ch) {
                        case '\\' -> sb.append("\\\\");
                        case '\t' -> sb.append("\\t");
                        case '\n' -> sb.append("\\n");
                        case '\r' -> sb.append("\\r");
                        default -> sb.append(ch);
                    }
                }
            }
            sb.append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
