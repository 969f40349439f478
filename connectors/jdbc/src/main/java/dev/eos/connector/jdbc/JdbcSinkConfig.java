package dev.eos.connector.jdbc;

import dev.eos.connector.jdbc.JdbcSinkOptions.Mode;
import dev.eos.connector.jdbc.JdbcSinkOptions.WritePath;
import dev.eos.connector.support.RecordExpression;
import dev.eos.connector.support.RecordMapping;
import dev.eos.spi.Config;
import dev.eos.spi.ConfigException;
import dev.eos.spi.ConfigOption;
import dev.eos.spi.Secret;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.eos.connector.jdbc.JdbcSinkOptions.BATCH_SIZE;
import static dev.eos.connector.jdbc.JdbcSinkOptions.COLUMNS;
import static dev.eos.connector.jdbc.JdbcSinkOptions.CREATE_TABLE;
import static dev.eos.connector.jdbc.JdbcSinkOptions.DELETE_ON_NULL;
import static dev.eos.connector.jdbc.JdbcSinkOptions.DRIVER_PROPERTIES;
import static dev.eos.connector.jdbc.JdbcSinkOptions.KEY_COLUMNS;
import static dev.eos.connector.jdbc.JdbcSinkOptions.MODE;
import static dev.eos.connector.jdbc.JdbcSinkOptions.PASSWORD;
import static dev.eos.connector.jdbc.JdbcSinkOptions.POOL_CONNECTION_TIMEOUT;
import static dev.eos.connector.jdbc.JdbcSinkOptions.POOL_IDLE_TIMEOUT;
import static dev.eos.connector.jdbc.JdbcSinkOptions.POOL_MAX_LIFETIME;
import static dev.eos.connector.jdbc.JdbcSinkOptions.POOL_MAX_SIZE;
import static dev.eos.connector.jdbc.JdbcSinkOptions.POOL_MIN_IDLE;
import static dev.eos.connector.jdbc.JdbcSinkOptions.PROCEDURE;
import static dev.eos.connector.jdbc.JdbcSinkOptions.PROCEDURE_TABLE_TYPE;
import static dev.eos.connector.jdbc.JdbcSinkOptions.TABLE;
import static dev.eos.connector.jdbc.JdbcSinkOptions.URL;
import static dev.eos.connector.jdbc.JdbcSinkOptions.USER;
import static dev.eos.connector.jdbc.JdbcSinkOptions.VERSION;
import static dev.eos.connector.jdbc.JdbcSinkOptions.WRITE_PATH;

/**
 * The {@code jdbc} sink's validated configuration, with the cross-option checks done and {@code columns} parsed.
 *
 * @param prefix the prefix of every key, such as {@code eos.sink.jdbc.}, for messages
 * @param url the JDBC URL (may carry credentials: print {@link #redactedUrl()})
 * @param columns the explicit mapping, column to source, in order; empty for by-name mapping
 * @param driverProperties the {@code properties.} pass-through keys, prefix removed
 * @param versionColumn mode upsert: the version column (its source is in {@code columns}, or by name); else null
 * @param versionSource mode upsert with the mapping by name: the version column's source when it is not the field
 *     of its name; else null
 */
public record JdbcSinkConfig(String prefix, String url, String user, Secret password, String table, List<String> keyColumns,
                             Map<String, ValueSource> columns, int batchSize, Mode mode, String procedure,
                             String procedureTableType, boolean createTable, int poolMaxSize, int poolMinIdle,
                             Duration poolConnectionTimeout, Duration poolIdleTimeout, Duration poolMaxLifetime,
                             Map<String, String> driverProperties, WritePath writePath, String versionColumn,
                             ValueSource versionSource, boolean deleteOnNull) {

    public JdbcSinkConfig {
        keyColumns = List.copyOf(keyColumns);
        columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
        driverProperties = Map.copyOf(driverProperties);
    }

    /**
     * Reads the options and checks what one option alone cannot.
     *
     * @throws ConfigException with every problem found
     */
    public static JdbcSinkConfig from(Config config) {
        List<String> problems = new ArrayList<>();
        Map<String, ValueSource> columns = new LinkedHashMap<>();
        String columnsKey = config.key(COLUMNS);
        List<String> entries = config.getOptional(COLUMNS).orElse(List.of());
        RecordMapping.Parsed mapping = RecordMapping.read(entries, RecordExpression.RECORD, columnsKey,
                RecordMapping.OldForm.TARGET_EQUALS_SOURCE);
        mapping.mapping().forEach((column, expression) -> columns.put(column, new ValueSource(expression)));
        mapping.problems().forEach(p -> problems.add(ConfigException.invalid(columnsKey, String.join(",", entries), p)));
        columns.keySet().stream().filter(column -> !column.matches("[A-Za-z_][A-Za-z0-9_$]*")).forEach(column ->
                problems.add(ConfigException.invalid(columnsKey, String.join(",", entries),
                        "column " + column + " is not a plain identifier")));
        Mode mode = config.get(MODE);
        if (mode == Mode.PROCEDURE && !config.isSet(PROCEDURE)) {
            problems.add("Missing configuration \"" + config.key(PROCEDURE) + "\", required when \""
                    + config.key(MODE) + "=procedure\"");
        }
        if (mode != Mode.PROCEDURE) {
            for (ConfigOption<?> o : List.of(PROCEDURE, PROCEDURE_TABLE_TYPE)) {
                if (config.isSet(o)) {
                    problems.add("Configuration \"" + config.key(o) + "\" applies only with \""
                            + config.key(MODE) + "=procedure\"");
                }
            }
        }
        String versionColumn = null;
        ValueSource versionSource = null;
        if (mode == Mode.UPSERT && !config.isSet(VERSION)) {
            problems.add("Missing configuration \"" + config.key(VERSION) + "\", required when \""
                    + config.key(MODE) + "=upsert\": the column whose value orders the writes of a key, such as "
                    + "ver=position.offset");
        }
        if (mode != Mode.UPSERT) {
            for (ConfigOption<?> o : List.of(VERSION, DELETE_ON_NULL)) {
                if (config.isSet(o)) {
                    problems.add("Configuration \"" + config.key(o) + "\" applies only with \""
                            + config.key(MODE) + "=upsert\"");
                }
            }
        }
        if (mode == Mode.UPSERT && config.isSet(VERSION)) {
            String versionKey = config.key(VERSION);
            String entry = config.get(VERSION).trim();
            RecordMapping.Parsed version = RecordMapping.read(List.of(entry), RecordExpression.RECORD, versionKey,
                    RecordMapping.OldForm.TARGET_EQUALS_SOURCE);
            version.problems().forEach(p -> problems.add(ConfigException.invalid(versionKey, entry, p)));
            if (version.problems().isEmpty() && version.mapping().size() == 1) {
                Map.Entry<String, RecordExpression> only = version.mapping().entrySet().iterator().next();
                versionColumn = only.getKey();
                String mapped = columns.keySet().stream().filter(only.getKey()::equalsIgnoreCase).findFirst().orElse(null);
                boolean bare = !entry.contains("=");
                if (mapped != null && !bare && !columns.get(mapped).expression().equals(only.getValue())) {
                    problems.add(ConfigException.invalid(versionKey, entry, "column " + mapped + " is mapped to "
                            + columns.get(mapped).text() + " by \"" + columnsKey + "\": name it bare, or map it once"));
                } else if (mapped != null) {
                    versionColumn = mapped;
                } else if (!columns.isEmpty()) {
                    columns.put(versionColumn, new ValueSource(only.getValue()));
                } else if (!bare) {
                    versionSource = new ValueSource(only.getValue());
                }
            } else if (version.problems().isEmpty()) {
                problems.add(ConfigException.invalid(versionKey, entry, "must name one column"));
            }
        }
        if (config.isSet(PROCEDURE_TABLE_TYPE) && !config.get(URL).reveal().startsWith("jdbc:sqlserver:")) {
            problems.add("Configuration \"" + config.key(PROCEDURE_TABLE_TYPE)
                    + "\" (a table-valued parameter) needs SQL Server (a jdbc:sqlserver: URL)");
        }
        if (config.get(CREATE_TABLE) && columns.isEmpty() && problems.stream().noneMatch(p -> p.contains(columnsKey))) {
            problems.add("Configuration \"" + config.key(CREATE_TABLE) + "=true\" needs \"" + columnsKey
                    + "\" to say which columns to create");
        }
        if (!columns.isEmpty()) {
            for (String key : config.get(KEY_COLUMNS)) {
                if (columns.keySet().stream().noneMatch(key::equalsIgnoreCase)) {
                    problems.add("Key column " + key + " (\"" + config.key(KEY_COLUMNS)
                            + "\") is not in \"" + columnsKey + "\": map it, for example " + key + "=key");
                }
            }
        }
        if (config.get(POOL_MIN_IDLE) > config.get(POOL_MAX_SIZE)) {
            problems.add(ConfigException.invalid(config.key(POOL_MIN_IDLE), String.valueOf(config.get(POOL_MIN_IDLE)),
                    "must not exceed \"" + config.key(POOL_MAX_SIZE) + "\" (" + config.get(POOL_MAX_SIZE) + ")"));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new JdbcSinkConfig(config.prefix(), config.get(URL).reveal().trim(), config.get(USER),
                config.get(PASSWORD), config.get(TABLE), config.get(KEY_COLUMNS), columns, config.get(BATCH_SIZE), mode,
                config.get(PROCEDURE), config.get(PROCEDURE_TABLE_TYPE), config.get(CREATE_TABLE),
                config.get(POOL_MAX_SIZE), config.get(POOL_MIN_IDLE), config.get(POOL_CONNECTION_TIMEOUT),
                config.get(POOL_IDLE_TIMEOUT), config.get(POOL_MAX_LIFETIME), config.passThrough(DRIVER_PROPERTIES),
                config.get(WRITE_PATH), versionColumn, versionSource, config.get(DELETE_ON_NULL));
    }

    /** The full key of an option, for messages. */
    public String key(ConfigOption<?> option) {
        return prefix + option.name();
    }

    public String redactedUrl() {
        return Redaction.url(url);
    }

    /** Text that may carry the URL or the password, made safe to show. */
    public String redact(String text) {
        return Redaction.text(text, url, password == null ? null : password.reveal());
    }

    /** Never the URL's credentials or the password. */
    @Override
    public String toString() {
        return "url=" + redactedUrl() + ", table=" + table + ", key-columns=" + keyColumns + ", columns=" + columns
                + ", mode=" + MODE.format(mode);
    }
}
