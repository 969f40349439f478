package dev.eos.connector.jdbc;

import dev.eos.spi.ConfigOption;
import dev.eos.spi.Secret;
import dev.eos.spi.Config;
import dev.eos.spi.ConfigException;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code jdbc} sink's validated configuration, with the cross-option checks done and {@code columns} parsed. */
final class JdbcSinkSettings {

    private final Config config;
    private final Map<String, ValueSource> columns;

    private JdbcSinkSettings(Config config, Map<String, ValueSource> columns) {
        this.config = config;
        this.columns = columns;
    }

    /**
     * Checks what one option alone cannot.
     *
     * @throws ConfigException with every problem found
     */
    static JdbcSinkSettings of(Config config) {
        List<String> problems = new ArrayList<>();
        Map<String, ValueSource> columns = new LinkedHashMap<>();
        String columnsKey = config.key(JdbcSinkConfig.COLUMNS);
        for (String entry : config.getOptional(JdbcSinkConfig.COLUMNS).orElse(List.of())) {
            int eq = entry.indexOf('=');
            String column = eq < 0 ? entry.trim() : entry.substring(0, eq).trim();
            String source = eq < 0 ? column : entry.substring(eq + 1).trim();
            if (column.isEmpty() || source.isEmpty() || !column.matches("[A-Za-z_][A-Za-z0-9_$]*")) {
                problems.add(ConfigException.invalid(columnsKey, String.join(",", config.get(JdbcSinkConfig.COLUMNS)),
                        "entry \"" + entry + "\" is not column=source (column a plain identifier)"));
                continue;
            }
            try {
                if (columns.put(column, ValueSource.parse(source)) != null) {
                    problems.add(ConfigException.invalid(columnsKey, String.join(",", config.get(JdbcSinkConfig.COLUMNS)),
                            "column " + column + " is mapped twice"));
                }
            } catch (IllegalArgumentException e) {
                problems.add(ConfigException.invalid(columnsKey, String.join(",", config.get(JdbcSinkConfig.COLUMNS)), e.getMessage()));
            }
        }
        JdbcSinkConfig.Mode mode = config.get(JdbcSinkConfig.MODE);
        if (mode == JdbcSinkConfig.Mode.PROCEDURE && !config.isSet(JdbcSinkConfig.PROCEDURE)) {
            problems.add("Missing configuration \"" + config.key(JdbcSinkConfig.PROCEDURE) + "\", required when \""
                    + config.key(JdbcSinkConfig.MODE) + "=procedure\"");
        }
        if (mode != JdbcSinkConfig.Mode.PROCEDURE) {
            for (ConfigOption<?> o : List.of(JdbcSinkConfig.PROCEDURE, JdbcSinkConfig.PROCEDURE_TABLE_TYPE)) {
                if (config.isSet(o)) {
                    problems.add("Configuration \"" + config.key(o) + "\" applies only with \""
                            + config.key(JdbcSinkConfig.MODE) + "=procedure\"");
                }
            }
        }
        if (config.isSet(JdbcSinkConfig.PROCEDURE_TABLE_TYPE)
                && !config.get(JdbcSinkConfig.URL).reveal().startsWith("jdbc:sqlserver:")) {
            problems.add("Configuration \"" + config.key(JdbcSinkConfig.PROCEDURE_TABLE_TYPE)
                    + "\" (a table-valued parameter) needs SQL Server (a jdbc:sqlserver: URL)");
        }
        if (config.get(JdbcSinkConfig.CREATE_TABLE) && columns.isEmpty() && problems.stream().noneMatch(p -> p.contains(columnsKey))) {
            problems.add("Configuration \"" + config.key(JdbcSinkConfig.CREATE_TABLE) + "=true\" needs \"" + columnsKey
                    + "\" to say which columns to create");
        }
        if (!columns.isEmpty()) {
            for (String key : config.get(JdbcSinkConfig.KEY_COLUMNS)) {
                if (columns.keySet().stream().noneMatch(key::equalsIgnoreCase)) {
                    problems.add("Key column " + key + " (\"" + config.key(JdbcSinkConfig.KEY_COLUMNS)
                            + "\") is not in \"" + columnsKey + "\": map it, for example " + key + "=@key");
                }
            }
        }
        if (config.get(JdbcSinkConfig.POOL_MIN_IDLE) > config.get(JdbcSinkConfig.POOL_MAX_SIZE)) {
            problems.add(ConfigException.invalid(config.key(JdbcSinkConfig.POOL_MIN_IDLE),
                    String.valueOf(config.get(JdbcSinkConfig.POOL_MIN_IDLE)),
                    "must not exceed \"" + config.key(JdbcSinkConfig.POOL_MAX_SIZE) + "\" ("
                            + config.get(JdbcSinkConfig.POOL_MAX_SIZE) + ")"));
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new JdbcSinkSettings(config, Collections.unmodifiableMap(columns));
    }

    Config config() {
        return config;
    }

    String key(ConfigOption<?> option) {
        return config.key(option);
    }

    String url() {
        return config.get(JdbcSinkConfig.URL).reveal().trim();
    }

    String redactedUrl() {
        return Redaction.url(url());
    }

    String user() {
        return config.get(JdbcSinkConfig.USER);
    }

    Secret password() {
        return config.get(JdbcSinkConfig.PASSWORD);
    }

    String table() {
        return config.get(JdbcSinkConfig.TABLE);
    }

    List<String> keyColumns() {
        return config.get(JdbcSinkConfig.KEY_COLUMNS);
    }

    /** Explicit mapping, column to source, in order; empty for by-name mapping. */
    Map<String, ValueSource> columns() {
        return columns;
    }

    int batchSize() {
        return config.get(JdbcSinkConfig.BATCH_SIZE);
    }

    JdbcSinkConfig.Mode mode() {
        return config.get(JdbcSinkConfig.MODE);
    }

    String procedure() {
        return config.get(JdbcSinkConfig.PROCEDURE);
    }

    String procedureTableType() {
        return config.get(JdbcSinkConfig.PROCEDURE_TABLE_TYPE);
    }

    boolean createTable() {
        return config.get(JdbcSinkConfig.CREATE_TABLE);
    }

    Map<String, String> driverProperties() {
        return config.passThrough(JdbcSinkConfig.DRIVER_PROPERTIES);
    }

    /** Text that may carry the URL or the password, made safe to show. */
    String redact(String text) {
        Secret password = password();
        return Redaction.text(text, url(), password == null ? null : password.reveal());
    }
}
