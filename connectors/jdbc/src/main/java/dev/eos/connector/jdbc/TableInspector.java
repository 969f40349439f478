package dev.eos.connector.jdbc;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Reads the target table from the database's catalog and checks it against the configuration: the table exists,
 * its key columns carry a unique constraint or unique index, the mapped columns exist with types that can hold
 * their sources, and no NOT NULL column without a default is left out. Collects every problem.
 */
final class TableInspector {

    /** What the inspection found: the table to write (when usable) and the problems. */
    record Result(TargetTable table, List<ValueSource> sources, List<String> problems, boolean tableExists) {
    }

    private final JdbcSinkConfig config;
    private final JdbcDialect dialect;

    TableInspector(JdbcSinkConfig config, JdbcDialect dialect) {
        this.config = config;
        this.dialect = dialect;
    }

    Result inspect(Connection connection) throws SQLException {
        DatabaseMetaData md = connection.getMetaData();
        TableName found = find(connection, md, config.table());
        List<String> problems = new ArrayList<>();
        String tableKey = config.key(JdbcSinkOptions.TABLE);
        if (found == null) {
            problems.add("Table " + config.table() + " named by \"" + tableKey + "\" does not exist in the database at "
                    + config.redactedUrl() + "; create it (see docs/connectors/jdbc.md) or set \""
                    + config.key(JdbcSinkOptions.CREATE_TABLE) + "=true\"");
            return new Result(null, List.of(), problems, false);
        }
        List<TargetColumn> all = columns(md, found);
        Map<String, TargetColumn> byLower = new LinkedHashMap<>();
        for (TargetColumn c : all) {
            byLower.putIfAbsent(c.name().toLowerCase(Locale.ROOT), c);
        }

        List<TargetColumn> written = new ArrayList<>();
        List<ValueSource> sources = new ArrayList<>();
        String columnsKey = config.key(JdbcSinkOptions.COLUMNS);
        if (config.columns().isEmpty()) {
            Set<String> keyLower = config.keyColumns().stream().map(k -> k.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
            for (TargetColumn c : all) {
                if (!c.hasDefault() || keyLower.contains(c.name().toLowerCase(Locale.ROOT))) {
                    written.add(c);
                    boolean version = config.versionSource() != null && c.name().equalsIgnoreCase(config.versionColumn());
                    sources.add(version ? config.versionSource() : ValueSource.field(c.name()));
                }
            }
        } else {
            for (Map.Entry<String, ValueSource> m : config.columns().entrySet()) {
                TargetColumn c = column(all, byLower, m.getKey());
                if (c == null) {
                    problems.add("Column " + m.getKey() + " named by \"" + columnsKey + "\" does not exist in table "
                            + found.display() + " (its columns: " + names(all) + ")");
                    continue;
                }
                if (!m.getValue().fits(c)) {
                    problems.add("Column " + c.describe() + " of table " + found.display() + " cannot hold "
                            + m.getValue().text() + " (\"" + columnsKey + "\"): use a " + m.getValue().needs());
                    continue;
                }
                written.add(c);
                sources.add(m.getValue());
            }
        }

        int[] keyIndexes = new int[config.keyColumns().size()];
        String keysKey = config.key(JdbcSinkOptions.KEY_COLUMNS);
        for (int i = 0; i < keyIndexes.length; i++) {
            String key = config.keyColumns().get(i);
            TargetColumn c = column(all, byLower, key);
            keyIndexes[i] = c == null ? -1 : written.indexOf(c);
            if (c == null) {
                problems.add("Key column " + key + " named by \"" + keysKey + "\" does not exist in table "
                        + found.display() + " (its columns: " + names(all) + ")");
            } else if (keyIndexes[i] < 0) {
                problems.add("Key column " + c.name() + " is not written: add it to \"" + columnsKey + "\"");
            }
        }

        if (config.versionColumn() != null) {
            String versionKey = config.key(JdbcSinkOptions.VERSION);
            TargetColumn v = column(all, byLower, config.versionColumn());
            if (v == null) {
                problems.add("Version column " + config.versionColumn() + " named by \"" + versionKey
                        + "\" does not exist in table " + found.display() + " (its columns: " + names(all) + ")");
            } else if (!written.contains(v)) {
                problems.add("Version column " + v.name() + " (\"" + versionKey + "\") is not written: add it to \""
                        + columnsKey + "\"");
            } else if (config.keyColumns().stream().anyMatch(v.name()::equalsIgnoreCase)) {
                problems.add("Version column " + v.name() + " (\"" + versionKey + "\") is a key column: the version "
                        + "must be a column of its own");
            }
        }

        Set<String> writtenNames = written.stream().map(TargetColumn::name).collect(Collectors.toSet());
        for (TargetColumn c : all) {
            if (!c.nullable() && !c.hasDefault() && !writtenNames.contains(c.name())) {
                problems.add("Column " + c.describe() + " of table " + found.display()
                        + " is NOT NULL without a default and not written: map it in \"" + columnsKey + "\"");
            }
        }

        if (java.util.Arrays.stream(keyIndexes).allMatch(i -> i >= 0)) {
            List<Set<String>> uniqueKeys = uniqueKeys(md, found);
            Set<String> wanted = config.keyColumns().stream()
                    .map(k -> Objects.requireNonNull(column(all, byLower, k)).name().toLowerCase(Locale.ROOT))
                    .collect(Collectors.toSet());
            if (uniqueKeys.stream().noneMatch(wanted::equals)) {
                String keys = String.join(", ", config.keyColumns());
                problems.add("Table " + found.display() + " has no primary key, unique constraint or unique index on "
                        + "exactly the key columns (" + keys + ") named by \"" + keysKey + "\""
                        + (uniqueKeys.isEmpty() ? "" : " (unique keys found: " + uniqueKeys.stream()
                                .map(s -> "(" + String.join(", ", s) + ")").collect(Collectors.joining(", ")) + ")")
                        + ". Without one no database can promise one row per key when two attempts write the same "
                        + "batch at once, so the sink refuses to start. Add one, for example: ALTER TABLE "
                        + found.display() + " ADD CONSTRAINT " + found.name() + "_eos_key UNIQUE (" + keys + ")");
            }
        }
        if (!problems.isEmpty()) {
            return new Result(null, List.of(), problems, true);
        }
        TargetTable table = new TargetTable(found.quoted(dialect), found.display(), written, keyIndexes, dialect::quote);
        return new Result(table, sources, problems, true);
    }

    private static TargetColumn column(List<TargetColumn> all, Map<String, TargetColumn> byLower, String name) {
        for (TargetColumn c : all) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        return byLower.get(name.toLowerCase(Locale.ROOT));
    }

    private static String names(List<TargetColumn> columns) {
        return columns.stream().map(TargetColumn::name).collect(Collectors.joining(", "));
    }

    /** A table as the catalog names it. */
    record TableName(String catalog, String schema, String name) {
        String display() {
            return (schema == null ? "" : schema + ".") + name;
        }

        String quoted(JdbcDialect dialect) {
            return (schema == null ? "" : dialect.quote(schema) + ".") + dialect.quote(name);
        }
    }

    static TableName find(Connection connection, DatabaseMetaData md, String configured) throws SQLException {
        String[] parts = configured.split("\\.");
        String name = parts[parts.length - 1];
        String schema = parts.length >= 2 ? parts[parts.length - 2] : null;
        String catalog = parts.length == 3 ? parts[0] : null;
        String currentSchema = null;
        try {
            currentSchema = connection.getSchema();
        } catch (SQLException | AbstractMethodError ignored) {
            // some drivers do not say; any schema then matches
        }
        String escape = md.getSearchStringEscape();
        List<TableName> matches = new ArrayList<>();
        for (String candidate : variants(name)) {
            String schemaPattern = schema == null ? null : pattern(firstExisting(md, schema), escape);
            try (ResultSet rs = md.getTables(catalog, schemaPattern, pattern(candidate, escape), null)) {
                while (rs.next()) {
                    String table = rs.getString("TABLE_NAME");
                    String tableSchema = rs.getString("TABLE_SCHEM");
                    String type = rs.getString("TABLE_TYPE");
                    if (type != null && type.toUpperCase(Locale.ROOT).contains("SYSTEM") && schema == null) {
                        continue;
                    }
                    if (table.equals(candidate) && (schema == null || tableSchema == null || tableSchema.equalsIgnoreCase(schema))) {
                        matches.add(new TableName(rs.getString("TABLE_CAT"), tableSchema, table));
                    }
                }
            }
            if (!matches.isEmpty()) {
                break;
            }
        }
        if (matches.size() > 1 && currentSchema != null) {
            for (TableName m : matches) {
                if (currentSchema.equals(m.schema())) {
                    return m;
                }
            }
        }
        return matches.isEmpty() ? null : matches.get(0);
    }

    private static String firstExisting(DatabaseMetaData md, String schema) throws SQLException {
        for (String candidate : variants(schema)) {
            try (ResultSet rs = md.getSchemas()) {
                while (rs.next()) {
                    if (candidate.equals(rs.getString("TABLE_SCHEM"))) {
                        return candidate;
                    }
                }
            }
        }
        return schema;
    }

    private static Set<String> variants(String name) {
        Set<String> out = new LinkedHashSet<>();
        out.add(name);
        out.add(name.toLowerCase(Locale.ROOT));
        out.add(name.toUpperCase(Locale.ROOT));
        return out;
    }

    private static String pattern(String name, String escape) {
        if (escape == null || escape.isEmpty()) {
            return name;
        }
        return name.replace(escape, escape + escape).replace("_", escape + "_").replace("%", escape + "%");
    }

    private static List<TargetColumn> columns(DatabaseMetaData md, TableName table) throws SQLException {
        String escape = md.getSearchStringEscape();
        List<TargetColumn> out = new ArrayList<>();
        try (ResultSet rs = md.getColumns(table.catalog(), table.schema() == null ? null : pattern(table.schema(), escape),
                pattern(table.name(), escape), "%")) {
            while (rs.next()) {
                if (!table.name().equals(rs.getString("TABLE_NAME"))) {
                    continue;
                }
                boolean generated = "YES".equalsIgnoreCase(safe(rs, "IS_AUTOINCREMENT"))
                        || "YES".equalsIgnoreCase(safe(rs, "IS_GENERATEDCOLUMN"));
                out.add(new TargetColumn(rs.getString("COLUMN_NAME"), rs.getInt("DATA_TYPE"), rs.getString("TYPE_NAME"),
                        rs.getInt("COLUMN_SIZE"), rs.getInt("NULLABLE") != DatabaseMetaData.columnNoNulls,
                        generated || rs.getString("COLUMN_DEF") != null));
            }
        }
        return out;
    }

    private static String safe(ResultSet rs, String column) {
        try {
            return rs.getString(column);
        } catch (SQLException e) {
            return null;
        }
    }

    /** Column sets (lower-case) of the primary key and of every full (not partial) unique index. */
    private static List<Set<String>> uniqueKeys(DatabaseMetaData md, TableName table) throws SQLException {
        Map<String, Set<String>> byIndex = new TreeMap<>();
        try (ResultSet rs = md.getPrimaryKeys(table.catalog(), table.schema(), table.name())) {
            while (rs.next()) {
                byIndex.computeIfAbsent("PRIMARY KEY", k -> new LinkedHashSet<>())
                        .add(rs.getString("COLUMN_NAME").toLowerCase(Locale.ROOT));
            }
        }
        Set<String> partial = new LinkedHashSet<>();
        try (ResultSet rs = md.getIndexInfo(table.catalog(), table.schema(), table.name(), true, true)) {
            while (rs.next()) {
                String index = rs.getString("INDEX_NAME");
                String column = rs.getString("COLUMN_NAME");
                if (index == null || column == null || rs.getShort("TYPE") == DatabaseMetaData.tableIndexStatistic
                        || rs.getBoolean("NON_UNIQUE")) {
                    continue;
                }
                if (safe(rs, "FILTER_CONDITION") != null) {
                    partial.add(index);
                }
                byIndex.computeIfAbsent(index, k -> new LinkedHashSet<>()).add(column.toLowerCase(Locale.ROOT));
            }
        }
        partial.forEach(byIndex::remove);
        return new ArrayList<>(new LinkedHashSet<>(byIndex.values()));
    }
}
