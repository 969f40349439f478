package dev.eos.runtime;

import dev.eos.connector.support.RecordExpression;
import dev.eos.runtime.config.JobOptions;
import dev.eos.runtime.config.JobOptions.Format;
import dev.eos.runtime.config.SinkSettings;
import dev.eos.runtime.source.SourceEvent;
import dev.eos.spi.Config;
import dev.eos.spi.ConfigException;
import dev.eos.spi.ConfigSpec;
import dev.eos.spi.SourcePosition;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.CatalystTypeConverters;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.internal.SQLConf;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;
import scala.Function1;
import scala.jdk.javaapi.CollectionConverters;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How the rows of a Structured Streaming query become records ({@code format("eos")} and the foreachBatch helper),
 * by the same record-expression grammar as the job's {@code eos.key}:
 * <ul>
 *   <li>the key: {@code eos.key} (required): {@code field.<column>}, {@code position} (Kafka's {@code topic},
 *       {@code partition} and {@code offset} columns) or {@code header.<name>} (Kafka's {@code headers} column);</li>
 *   <li>the value: the {@code value} column (binary or string), or else the row as JSON;</li>
 *   <li>the fields: every column but {@code value} ({@code eos.format=raw}, the default), or the members of the JSON
 *       object in {@code value} ({@code eos.format=json});</li>
 *   <li>the source position: the {@code topic}, {@code partition} and {@code offset} columns, when all three are
 *       there; the event time: the {@code timestamp} column, when it is a timestamp; the headers: the
 *       {@code headers} column, when it is Kafka's.</li>
 * </ul>
 * {@link #parse} checks the options and the query's columns at query start and reports every problem at once.
 * Serializable: shipped to the executors; the row converter is built there.
 */
final class RowRecords implements Serializable {

    private static final long serialVersionUID = 1L;

    /** The options {@code format("eos")} reads besides the sink settings, relative to {@code eos.}. */
    static final ConfigSpec SPEC = ConfigSpec.builder()
            .add(JobOptions.KEY, JobOptions.FORMAT, JobOptions.JSON_MAX_STRING_LENGTH,
                    JobOptions.JSON_MAX_NUMBER_LENGTH, JobOptions.JSON_MAX_NESTING_DEPTH,
                    JobOptions.JSON_MAX_NAME_LENGTH, JobOptions.SINK, JobOptions.ERRORS_TOLERANCE,
                    JobOptions.DEAD_LETTER_SINK, JobOptions.RETRY_ATTEMPTS, JobOptions.RETRY_BACKOFF,
                    JobOptions.RETRY_MAX_BACKOFF, JobOptions.RETRY_BUFFER_RECORDS)
            .passThrough("sink.", "Options of the chosen sink, eos.sink.<name>.<option>")
            .passThrough("errors.dead-letter.", "Options of the dead-letter sink, eos.errors.dead-letter.<name>.<option>")
            .build();

    /**
     * Set by the job's structured engine (not an {@code eos.} key: users never set it): the rows are a source's events
     * ({@link dev.eos.runtime.source.EventSource#readStream}), so their columns are no fields, and a raw record has
     * none, as on the DStream engine.
     */
    static final String JOB_SOURCE_ROWS = "dev.eos.job-source-rows";

    static final String VALUE = "value";
    static final List<String> POSITION = List.of("topic", "partition", "offset");
    static final String TIMESTAMP = "timestamp";
    static final String HEADERS = "headers";

    private final StructType schema;
    private final RecordMapper mapper;
    private final int value;
    private final int[] position;
    private final int timestamp;
    private final int headers;
    private final boolean columnsAreFields;
    private transient Function1<Object, Object> converter;
    private transient Function1<Object, Object>[] columnConverters;
    private transient ColumnReader[] readers;
    private transient SQLConf taskConf;

    private RowRecords(StructType schema, RecordMapper mapper, boolean columnsAreFields) {
        this.schema = schema;
        this.mapper = mapper;
        this.columnsAreFields = columnsAreFields;
        this.value = index(schema, VALUE);
        int[] p = POSITION.stream().mapToInt(c -> index(schema, c)).toArray();
        this.position = Arrays.stream(p).allMatch(i -> i >= 0) ? p : null;
        int t = index(schema, TIMESTAMP);
        this.timestamp = t >= 0 && schema.fields()[t].dataType() instanceof TimestampType ? t : -1;
        int h = index(schema, HEADERS);
        this.headers = h >= 0 && isKafkaHeaders(schema.fields()[h].dataType()) ? h : -1;
    }

    /** The settings of one query's write: its sink settings and how its rows become records. */
    record Settings(SinkSettings sinks, RowRecords rows) implements Serializable {
    }

    /**
     * Reads the write's options ({@code eos.*}; other keys, such as {@code checkpointLocation}, are Spark's) and checks
     * them against the query's columns.
     *
     * @param schema the query's columns; null to check the options alone
     * @throws ConfigException with every problem: unknown or invalid options, a missing {@code eos.key}, a key column
     *     the query does not have, an unknown sink, the sink's own options
     */
    static Settings parse(Map<String, String> options, StructType schema) {
        Map<String, String> eos = new TreeMap<>();
        options.forEach((k, v) -> {
            if (k.startsWith(JobOptions.PREFIX)) {
                eos.put(k, v);
            }
        });
        List<String> problems = new ArrayList<>();
        Config config = null;
        try {
            config = SPEC.parse(JobOptions.PREFIX, eos);
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        String keyText = eos.get(JobOptions.PREFIX + JobOptions.KEY.name());
        if (keyText == null || keyText.isBlank()) {
            problems.add(ConfigException.missing(JobOptions.PREFIX + JobOptions.KEY.name()) + ": the idempotency key "
                    + "of each row, such as field.<column> or position (Kafka's topic, partition and offset columns)"
                    + (schema == null ? "" : "; columns: " + String.join(", ", schema.fieldNames())));
        }
        int value = schema == null ? -1 : index(schema, VALUE);
        if (value >= 0 && !(schema.fields()[value].dataType() instanceof BinaryType
                || schema.fields()[value].dataType() instanceof StringType)) {
            problems.add("Column \"value\" is " + schema.fields()[value].dataType().simpleString() + ": it becomes "
                    + "the record's value, so it must be binary or string (rename it to have it as a field)");
        }
        if (config != null && schema != null && keyText != null && !keyText.isBlank()) {
            keyProblem(JobOptions.key(config.get(JobOptions.KEY)), config.get(JobOptions.FORMAT), schema)
                    .ifPresent(problems::add);
        }
        SinkSettings sinks = null;
        try {
            sinks = SinkSettings.parse(eos);
        } catch (ConfigException e) {
            problems.addAll(e.problems());
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(List.copyOf(new java.util.LinkedHashSet<>(problems)));
        }
        RecordMapper mapper = RecordMapper.of(config.get(JobOptions.FORMAT), config.get(JobOptions.KEY),
                JsonLimits.of(config));
        boolean columnsAreFields = !"true".equals(options.get(JOB_SOURCE_ROWS));
        return new Settings(sinks, schema == null ? null : new RowRecords(schema, mapper, columnsAreFields));
    }

    private static java.util.Optional<String> keyProblem(RecordExpression key, Format format, StructType schema) {
        String shown = "eos.key";
        String columns = String.join(", ", schema.fieldNames());
        return switch (key.kind()) {
            case FIELD -> format == Format.RAW && index(schema, key.name()) < 0
                    ? java.util.Optional.of(ConfigException.invalid(shown, key.toString(), "the query has no column \""
                            + key.name() + "\" (columns: " + columns + ")"))
                    : java.util.Optional.empty();
            case POSITION -> POSITION.stream().allMatch(c -> index(schema, c) >= 0) ? java.util.Optional.empty()
                    : java.util.Optional.of(ConfigException.invalid(shown, key.toString(), "the position needs the "
                            + "columns topic, partition and offset (as the Kafka source gives them); columns: "
                            + columns));
            case HEADER -> index(schema, HEADERS) >= 0 && isKafkaHeaders(schema.fields()[index(schema, HEADERS)]
                    .dataType()) ? java.util.Optional.empty()
                    : java.util.Optional.of(ConfigException.invalid(shown, key.toString(), "a header needs Kafka's "
                            + "headers column (option includeHeaders=true on the Kafka source); columns: " + columns));
            default -> java.util.Optional.of(ConfigException.invalid(shown, key.toString(), "not a key expression"));
        };
    }

    /**
     * A row as a record (or as a bad record with its reason), on the executor. Read straight from Spark's internal row
     * with the getter of each column's type, as Spark's own writers do: the generic {@code InternalRow.get(i, type)}
     * looks the SQL configuration up on every call, which inside a task builds a new {@code ReadOnlySQLConf} from the
     * task's properties (it took more than half of a partition's time). Only a row without a {@code value} column
     * (rendered as JSON) and columns of nested or uncommon types go through Spark's converters, under one
     * configuration per task ({@link #withTaskConf}).
     */
    RecordOrError map(InternalRow internal) {
        ColumnReader[] read = readers();
        byte[] bytes;
        if (value >= 0) {
            bytes = internal.isNullAt(value) ? new byte[0] : schema.fields()[value].dataType() instanceof BinaryType
                    ? internal.getBinary(value) : internal.getUTF8String(value).getBytes();
        } else {
            bytes = withTaskConf(() -> ((Row) converter().apply(internal)).json()).getBytes(StandardCharsets.UTF_8);
        }
        SourcePosition at = null;
        if (position != null && !internal.isNullAt(position[0]) && !internal.isNullAt(position[1])
                && !internal.isNullAt(position[2])) {
            at = new SourcePosition(String.valueOf(read[position[0]].read(internal, position[0])),
                    ((Number) read[position[1]].read(internal, position[1])).intValue(),
                    ((Number) read[position[2]].read(internal, position[2])).longValue());
        }
        Instant eventTime = timestamp >= 0 && !internal.isNullAt(timestamp) ? micros(internal.getLong(timestamp)) : null;
        Map<String, String> headerValues = headers >= 0 && !internal.isNullAt(headers)
                ? headers(internal.getArray(headers)) : Map.of();
        StructField[] fields = schema.fields();
        Map<String, Object> columns = columnsAreFields ? new LinkedHashMap<>(fields.length * 4 / 3 + 1) : Map.of();
        for (int i = 0; columnsAreFields && i < fields.length; i++) {
            if (i != value) {
                columns.put(fields[i].name(), internal.isNullAt(i) ? null : read[i].read(internal, i));
            }
        }
        return mapper.map(new SourceEvent(bytes, at, headerValues, eventTime), columns);
    }

    /** Reads one non-null column of an internal row as the fields of a parsed JSON object hold values. */
    @FunctionalInterface
    private interface ColumnReader {
        Object read(InternalRow row, int i);
    }

    private ColumnReader[] readers() {
        if (readers == null) {
            StructField[] fields = schema.fields();
            ColumnReader[] r = new ColumnReader[fields.length];
            for (int i = 0; i < fields.length; i++) {
                r[i] = reader(fields[i].dataType());
            }
            readers = r;
        }
        return readers;
    }

    /** The typed getter of a column of {@code type}: the value {@link #column} gives, without the generic lookup. */
    private ColumnReader reader(DataType type) {
        if (type instanceof StringType) {
            return (row, i) -> row.getUTF8String(i).toString();
        }
        if (type instanceof LongType) {
            return InternalRow::getLong;
        }
        if (type instanceof IntegerType) {
            return InternalRow::getInt;
        }
        if (type instanceof ShortType) {
            return InternalRow::getShort;
        }
        if (type instanceof ByteType) {
            return InternalRow::getByte;
        }
        if (type instanceof BooleanType) {
            return InternalRow::getBoolean;
        }
        if (type instanceof DoubleType) {
            return InternalRow::getDouble;
        }
        if (type instanceof FloatType) {
            return InternalRow::getFloat;
        }
        if (type instanceof BinaryType) {
            return InternalRow::getBinary;
        }
        if (type instanceof TimestampType || type instanceof TimestampNTZType) {
            return (row, i) -> micros(row.getLong(i)).toString();
        }
        if (type instanceof DateType) {
            return (row, i) -> LocalDate.ofEpochDay(row.getInt(i)).toString();
        }
        if (type instanceof DecimalType d) {
            return (row, i) -> row.getDecimal(i, d.precision(), d.scale()).toJavaBigDecimal();
        }
        return (row, i) -> withTaskConf(() -> column(row, i));
    }

    /**
     * {@code work} with this task's SQL configuration looked up once: Spark's converters and generic getters ask for
     * it on every value, and inside a task each lookup builds a new one.
     */
    private <T> T withTaskConf(scala.Function0<T> work) {
        if (taskConf == null) {
            taskConf = SQLConf.get();
        }
        return SQLConf.withExistingConf(taskConf, work);
    }

    /** Column {@code i} as the fields of a parsed JSON object hold values ({@link #java}). */
    private Object column(InternalRow row, int i) {
        if (row.isNullAt(i)) {
            return null;
        }
        DataType type = schema.fields()[i].dataType();
        Object v = row.get(i, type);
        if (v instanceof org.apache.spark.unsafe.types.UTF8String s) {
            return s.toString();
        }
        if (type instanceof TimestampType || type instanceof TimestampNTZType) {
            return micros((Long) v).toString();
        }
        if (type instanceof DateType) {
            return LocalDate.ofEpochDay((Integer) v).toString();
        }
        if (v instanceof org.apache.spark.sql.types.Decimal d) {
            return d.toJavaBigDecimal();
        }
        if (v instanceof Number || v instanceof Boolean || v instanceof byte[]) {
            return v;
        }
        return java(columnConverter(i).apply(v));
    }

    private Function1<Object, Object> columnConverter(int i) {
        if (columnConverters == null) {
            columnConverters = new Function1[schema.fields().length];
        }
        if (columnConverters[i] == null) {
            columnConverters[i] = CatalystTypeConverters.createToScalaConverter(schema.fields()[i].dataType());
        }
        return columnConverters[i];
    }

    private static Instant micros(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
    }

    private Function1<Object, Object> converter() {
        if (converter == null) {
            converter = CatalystTypeConverters.createToScalaConverter(schema);
        }
        return converter;
    }

    /** Kafka's {@code headers} column (an array of key and binary value) as header values, read as UTF-8. */
    private static Map<String, String> headers(ArrayData list) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int j = 0; j < list.numElements(); j++) {
            if (list.isNullAt(j)) {
                continue;
            }
            InternalRow header = list.getStruct(j, 2);
            out.put(header.getUTF8String(0).toString(),
                    header.isNullAt(1) ? null : new String(header.getBinary(1), StandardCharsets.UTF_8));
        }
        return out;
    }

    /** A column's value as the fields of a parsed JSON object hold it: text, numbers, booleans, maps, lists, bytes. */
    private static Object java(Object v) {
        if (v == null || v instanceof String || v instanceof Number || v instanceof Boolean || v instanceof byte[]) {
            return v;
        }
        if (v instanceof Timestamp || v instanceof Instant) {
            return instant(v).toString();
        }
        if (v instanceof Row r) {
            Map<String, Object> out = new LinkedHashMap<>();
            String[] names = r.schema() == null ? null : r.schema().fieldNames();
            for (int i = 0; i < r.length(); i++) {
                out.put(names == null ? "_" + (i + 1) : names[i], java(r.get(i)));
            }
            return out;
        }
        if (v instanceof scala.collection.Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            CollectionConverters.asJava(m).forEach((k, x) -> out.put(String.valueOf(k), java(x)));
            return out;
        }
        if (v instanceof scala.collection.Iterable<?> s) {
            List<Object> out = new ArrayList<>();
            CollectionConverters.asJava(s).forEach(x -> out.add(java(x)));
            return out;
        }
        return v.toString();
    }

    private static Instant instant(Object v) {
        return v instanceof Timestamp t ? t.toInstant() : (Instant) v;
    }

    private static boolean isKafkaHeaders(DataType type) {
        return type instanceof ArrayType a && a.elementType() instanceof StructType s && s.fields().length == 2
                && s.fields()[0].dataType() instanceof StringType && s.fields()[1].dataType() == DataTypes.BinaryType;
    }

    private static int index(StructType schema, String name) {
        String[] names = schema.fieldNames();
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
