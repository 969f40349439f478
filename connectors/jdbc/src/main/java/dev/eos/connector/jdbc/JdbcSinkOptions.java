package dev.eos.connector.jdbc;

import dev.eos.spi.ConfigOption;
import dev.eos.spi.ConfigSpec;
import dev.eos.spi.Secret;

import java.time.Duration;
import java.util.List;

/** The options of the {@code jdbc} sink, under {@code eos.sink.jdbc.}. */
public final class JdbcSinkOptions {

    /** How records are written. */
    public enum Mode {
        /** Set-based, batched insert of the rows whose key is absent; the dialect supplies the statement. */
        INSERT_IF_ABSENT,
        /** A user's stored procedure, called per record (or once per batch with a table-valued parameter). */
        PROCEDURE,
        /** Insert when absent, update when the record's version is greater than the stored one, else leave alone. */
        UPSERT
    }

    /** How mode insert-if-absent writes a batch. */
    public enum WritePath {
        /** The database's bulk load into the table; a batch the unique key refuses is written again by statement. */
        BULK,
        /** The dialect's set-based insert-if-absent statement. */
        STATEMENT
    }

    public static final String PREFIX = "eos.sink.jdbc.";
    public static final String DRIVER_PROPERTIES = "properties.";

    public static final ConfigOption<Secret> URL = ConfigOption.secretOption("url")
            .required()
            .secretOnlyInCredentials()
            .check(s -> s.reveal().trim().startsWith("jdbc:"), "must start with jdbc:")
            .description("JDBC URL of the database, such as jdbc:postgresql://db:5432/app or "
                    + "jdbc:sqlserver://db:1433;databaseName=app. Treated as a secret because a URL can carry a "
                    + "password; EOS prints it with its credentials redacted. The URL also chooses the dialect.");
    public static final ConfigOption<String> USER = ConfigOption.stringOption("user")
            .description("Database user; leave unset when the URL or the driver supplies it.");
    public static final ConfigOption<Secret> PASSWORD = ConfigOption.secretOption("password")
            .description("Database password; never printed.");
    public static final ConfigOption<String> TABLE = ConfigOption.stringOption("table")
            .required()
            .check(t -> t.matches("[A-Za-z_][A-Za-z0-9_$]*(\\.[A-Za-z_][A-Za-z0-9_$]*){0,2}"),
                    "must be a table name, optionally qualified as schema.table (letters, digits, _ and $)")
            .description("Target table, optionally schema-qualified (schema.table). Unquoted names follow the "
                    + "database's case rules.");
    public static final ConfigOption<List<String>> KEY_COLUMNS = ConfigOption.listOption("key-columns")
            .required()
            .check(l -> !l.isEmpty(), "must name at least one column")
            .description("Columns that hold the idempotency key (comma-separated). The table must carry a unique "
                    + "constraint or unique index on exactly these columns.");
    public static final ConfigOption<List<String>> COLUMNS = ConfigOption.listOption("columns")
            .description("Mapping from record to columns, comma-separated column=expression entries (see "
                    + "record-expressions.md), such as id=key, body=value, at=event-time, off=position.offset, "
                    + "amount=field.amount; a bare column name c stands for c=field.c. Unset: by name, each of the "
                    + "table's columns takes the record field of the same name (case-insensitive; absent fields are "
                    + "NULL).");
    public static final ConfigOption<Integer> BATCH_SIZE = ConfigOption.intOption("batch-size")
            .defaultValue(1000)
            .min(1).max(100_000)
            .description("Rows per set-based statement and per transaction.");
    public static final ConfigOption<Mode> MODE = ConfigOption.enumOption("mode", Mode.class)
            .defaultValue(Mode.INSERT_IF_ABSENT)
            .description("insert-if-absent: EOS inserts the rows whose key is absent, set-based in batches. "
                    + "procedure: EOS calls the stored procedure named by 'procedure' for each record (or once per "
                    + "batch with a table-valued parameter on SQL Server, see 'procedure-table-type'). "
                    + "upsert: insert when absent, update when the record's 'version' is greater than the stored one.");
    public static final ConfigOption<WritePath> WRITE_PATH = ConfigOption.enumOption("write-path", WritePath.class)
            .defaultValue(WritePath.BULK)
            .description("Mode insert-if-absent: bulk writes each batch with the database's bulk load straight into "
                    + "the table (PostgreSQL binary COPY, SQL Server bulk copy, MySQL/MariaDB a multi-row INSERT) and, "
                    + "when the unique key refuses it (a replay, a concurrent attempt), rolls it back and writes it "
                    + "again with the insert-if-absent statement; statement always uses that statement. Databases "
                    + "without a bulk path (H2, the ANSI fallback) use the statement either way.");
    public static final ConfigOption<String> VERSION = ConfigOption.stringOption("version")
            .description("Mode upsert, required: the version column, as column=expression in the record-expression "
                    + "grammar (ver=position.offset, ver=event-time, ver=field.version) or a bare column (mapped by "
                    + "'columns', else the record field of that name). A row is updated only when the incoming "
                    + "version is greater than the stored one, so an older replay never reverts a newer value.");
    public static final ConfigOption<Boolean> DELETE_ON_NULL = ConfigOption.booleanOption("delete-on-null")
            .defaultValue(false)
            .description("Mode upsert: a record with a null value (a tombstone) deletes the row of its key when the "
                    + "stored version is older than the record's.");
    public static final ConfigOption<String> PROCEDURE = ConfigOption.stringOption("procedure")
            .check(t -> t.matches("[A-Za-z_][A-Za-z0-9_$]*(\\.[A-Za-z_][A-Za-z0-9_$]*){0,2}"),
                    "must be a procedure name, optionally schema-qualified")
            .description("Mode procedure: the procedure (or function) called as {? = call name(<mapped columns in "
                    + "order>)}; it returns the number of rows it inserted (1 or 0).");
    public static final ConfigOption<String> PROCEDURE_TABLE_TYPE = ConfigOption.stringOption("procedure-table-type")
            .check(t -> t.matches("[A-Za-z_][A-Za-z0-9_$]*(\\.[A-Za-z_][A-Za-z0-9_$]*)?"),
                    "must be a type name, optionally schema-qualified")
            .description("Mode procedure on SQL Server: a user-defined table type whose columns are the mapped "
                    + "columns in order; the procedure is then called once per batch with the rows as a "
                    + "table-valued parameter and returns the number of rows it inserted.");
    public static final ConfigOption<Boolean> CREATE_TABLE = ConfigOption.booleanOption("create-table")
            .defaultValue(false)
            .description("Create the table with a primary key on the key columns when it does not exist (needs "
                    + "'columns'; event-time as a timestamp, position.partition and position.offset as bigint, "
                    + "anything else as text).");
    public static final ConfigOption<Integer> POOL_MAX_SIZE = ConfigOption.intOption("pool.max-size")
            .defaultValue(4)
            .min(1).max(1000)
            .description("Most connections the pool (HikariCP) holds per JVM.");
    public static final ConfigOption<Integer> POOL_MIN_IDLE = ConfigOption.intOption("pool.min-idle")
            .defaultValue(0)
            .min(0).max(1000)
            .description("Idle connections the pool keeps open.");
    public static final ConfigOption<Duration> POOL_CONNECTION_TIMEOUT = ConfigOption.durationOption("pool.connection-timeout")
            .defaultValue(Duration.ofSeconds(10))
            .min(Duration.ofMillis(250)).max(Duration.ofHours(1))
            .description("How long to wait for a connection before the attempt is retried.");
    public static final ConfigOption<Duration> POOL_IDLE_TIMEOUT = ConfigOption.durationOption("pool.idle-timeout")
            .defaultValue(Duration.ofMinutes(5))
            .min(Duration.ofSeconds(10)).max(Duration.ofDays(7))
            .description("How long an idle connection stays in the pool.");
    public static final ConfigOption<Duration> POOL_MAX_LIFETIME = ConfigOption.durationOption("pool.max-lifetime")
            .defaultValue(Duration.ofMinutes(30))
            .min(Duration.ofSeconds(30)).max(Duration.ofDays(7))
            .description("Longest life of a pooled connection.");

    public static final ConfigSpec SPEC = ConfigSpec.builder()
            .add(URL, USER, PASSWORD, TABLE, KEY_COLUMNS, COLUMNS, BATCH_SIZE, MODE, WRITE_PATH, VERSION, DELETE_ON_NULL,
                    PROCEDURE,
                    PROCEDURE_TABLE_TYPE, CREATE_TABLE, POOL_MAX_SIZE, POOL_MIN_IDLE, POOL_CONNECTION_TIMEOUT,
                    POOL_IDLE_TIMEOUT, POOL_MAX_LIFETIME)
            .passThrough(DRIVER_PROPERTIES, "JDBC driver properties, handed to the driver as they are "
                    + "(eos.sink.jdbc.properties.ssl=true); keys that look like credentials are hidden.")
            .build();

    private JdbcSinkOptions() {
    }
}
