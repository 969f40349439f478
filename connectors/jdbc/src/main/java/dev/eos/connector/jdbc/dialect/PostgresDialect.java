package dev.eos.connector.jdbc.dialect;

import com.google.auto.service.AutoService;
import dev.eos.connector.jdbc.JdbcDialect;
import dev.eos.connector.jdbc.TargetColumn;
import dev.eos.connector.jdbc.TargetTable;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * PostgreSQL: one statement per batch, whatever its size,
 * <pre>
 * INSERT INTO t (c1, c2) SELECT v1::varchar, v2::int8 FROM unnest(?::text[], ?::text[]) AS s (v1, v2)
 * WHERE NOT EXISTS (SELECT 1 FROM t AS d WHERE d.k = s.v1)
 * </pre>
 * Each column travels as one binary {@code text[]} parameter, so a batch is one round trip and one plan, and no
 * array literal is escaped or parsed; the update count is the
 * number of rows inserted. The casts name the column's base type without a length, so a value too long for
 * {@code varchar(n)} fails as a data error instead of being cut.
 *
 * <p>Concurrency: when another transaction inserts one of the keys after this statement's snapshot, the unique
 * index makes the insert wait for it and then fail with 23505. The batch is then rolled back and run again as
 * {@code INSERT ... ON CONFLICT (k) DO NOTHING}, which skips keys inserted by concurrent transactions.
 * That form is the one that is always right, but its speculative insertion costs about a fifth more per row, so it
 * is kept for the race (measured in docs/benchmarks.md).
 *
 * <p>Bulk path: {@code COPY ... FROM STDIN} in binary format ({@link PostgresCopy}). Upsert: {@code ON CONFLICT
 * ... DO UPDATE ... WHERE} over the same {@code unnest}.
 */
@AutoService(JdbcDialect.class)
public class PostgresDialect implements JdbcDialect {

    private static final Pattern PLAIN_TYPE = Pattern.compile("[a-z_][a-z0-9_]*");

    @Override
    public String name() {
        return "postgresql";
    }

    @Override
    public boolean supports(String jdbcUrl) {
        return jdbcUrl.startsWith("jdbc:postgresql:");
    }

    @Override
    public String driverClassName() {
        return "org.postgresql.Driver";
    }

    @Override
    public long insertIfAbsent(Connection connection, TargetTable table, List<Object[]> rows) throws SQLException {
        return execute(connection, unnestInsert(table, false), table, rows);
    }

    @Override
    public long insertIfAbsentContended(Connection connection, TargetTable table, List<Object[]> rows) throws SQLException {
        return execute(connection, unnestInsert(table, true), table, rows);
    }

    private long execute(Connection connection, String sql, TargetTable table, List<Object[]> rows) throws SQLException {
        int n = table.columns().size();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int c = 0; c < n; c++) {
                String[] texts = new String[rows.size()];
                for (int r = 0; r < texts.length; r++) {
                    texts[r] = text(rows.get(r)[c]);
                }
                // a String[] goes as a binary text[]: no array literal to escape and parse
                statement.setObject(c + 1, texts);
            }
            return statement.executeLargeUpdate();
        }
    }

    @Override
    public boolean hasBulkInsert() {
        return true;
    }

    /** {@code COPY t (...) FROM STDIN (FORMAT binary)}, or COPY's text format when a column has no binary encoding here. */
    @Override
    public long bulkInsert(Connection connection, TargetTable table, List<Object[]> rows) throws SQLException {
        return PostgresCopy.copy(connection, table, rows);
    }

    /** {@code SELECT k FROM t WHERE k = ANY(?::text[])}, for a single key column of text or integer type. */
    @Override
    public java.util.Set<Object> storedKeys(Connection connection, TargetTable table, List<Object[]> rows) throws SQLException {
        int[] keys = table.keyIndexes();
        TargetColumn key = table.columns().get(keys[0]);
        if (keys.length != 1 || !(key.isText() || key.isIntegral())) {
            return null;
        }
        String[] values = new String[rows.size()];
        for (int r = 0; r < values.length; r++) {
            values[r] = text(rows.get(r)[keys[0]]);
        }
        String column = table.quotedColumn(keys[0]);
        java.util.Set<Object> stored = new java.util.HashSet<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT " + column + " FROM " + table.qualifiedName()
                + " WHERE " + column + " = ANY(?::" + castType(key) + "[])")) {
            statement.setObject(1, values);
            try (java.sql.ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    stored.add(key.isText() ? rs.getString(1) : (Object) rs.getLong(1));
                }
            }
        }
        return stored;
    }

    @Override
    public long upsert(Connection connection, TargetTable table, int versionIndex, List<Object[]> rows) throws SQLException {
        return execute(connection, unnestUpsert(table, versionIndex), table, rows);
    }

    /**
     * {@code INSERT INTO t AS d (...) SELECT ... FROM unnest(...) ON CONFLICT (k) DO UPDATE SET c = EXCLUDED.c, ...
     * WHERE d.ver < EXCLUDED.ver}: a concurrent writer of the same key makes it wait, then the guard is evaluated
     * against the row that writer committed, so the newest version wins in any order.
     */
    public String unnestUpsert(TargetTable table, int versionIndex) {
        StringBuilder sql = unnestSelect(table, " AS d");
        sql.append(" ON CONFLICT (").append(keyList(table)).append(") DO UPDATE SET ");
        int[] keys = table.keyIndexes();
        boolean first = true;
        for (int i = 0; i < table.columns().size(); i++) {
            final int column = i;
            if (java.util.Arrays.stream(keys).noneMatch(k -> k == column)) {
                String name = table.quotedColumn(i);
                sql.append(first ? "" : ", ").append(name).append(" = EXCLUDED.").append(name);
                first = false;
            }
        }
        String version = table.quotedColumn(versionIndex);
        return sql.append(" WHERE d.").append(version).append(" < EXCLUDED.").append(version).toString();
    }

    private static String keyList(TargetTable table) {
        StringBuilder out = new StringBuilder();
        int[] keys = table.keyIndexes();
        for (int i = 0; i < keys.length; i++) {
            out.append(i == 0 ? "" : ", ").append(table.quotedColumn(keys[i]));
        }
        return out.toString();
    }

    /** The statement for a table, one for every batch size: with an anti-join, or with ON CONFLICT DO NOTHING. */
    public String unnestInsert(TargetTable table, boolean onConflict) {
        StringBuilder sql = unnestSelect(table, "");
        if (!onConflict) {
            return sql.append(" WHERE NOT EXISTS (SELECT 1 FROM ").append(table.qualifiedName()).append(" AS d WHERE ")
                    .append(Statements.keyMatch(table, "d", "s")).append(')').toString();
        }
        return sql.append(" ON CONFLICT (").append(keyList(table)).append(") DO NOTHING").toString();
    }

    private StringBuilder unnestSelect(TargetTable table, String alias) {
        int n = table.columns().size();
        StringBuilder sql = new StringBuilder("INSERT INTO ").append(table.qualifiedName()).append(alias)
                .append(" (").append(table.quotedColumnList()).append(") SELECT ")
                .append(Statements.sourceAliases(n)).append(" FROM (SELECT ");
        for (int i = 0; i < n; i++) {
            sql.append(i == 0 ? "" : ", ").append("u.v").append(i + 1).append("::").append(castType(table.columns().get(i)))
                    .append(" AS v").append(i + 1);
        }
        sql.append(" FROM unnest(");
        for (int i = 0; i < n; i++) {
            sql.append(i == 0 ? "?::text[]" : ", ?::text[]");
        }
        return sql.append(") AS u (").append(Statements.sourceAliases(n)).append(")) AS s");
    }

    private String castType(TargetColumn column) {
        String type = column.typeName();
        String lower = type.toLowerCase(Locale.ROOT);
        if (lower.equals("bpchar")) {
            return "bpchar";
        }
        return PLAIN_TYPE.matcher(type).matches() ? type : quote(type);
    }

    /** A value in PostgreSQL's text input form. */
    static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof byte[] bytes) {
            return "\\x" + HexFormat.of().formatHex(bytes);
        }
        if (value instanceof BigDecimal d) {
            return d.toPlainString();
        }
        return value.toString();
    }

    @Override
    public String textColumnType() {
        return "TEXT";
    }

    @Override
    public String timestampColumnType() {
        return "TIMESTAMPTZ";
    }
}
