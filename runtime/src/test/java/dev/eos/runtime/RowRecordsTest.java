package dev.eos.runtime;

import dev.eos.spi.SinkRecord;
import dev.eos.spi.SourcePosition;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.CatalystTypeConverters;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.UnsafeProjection;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import scala.jdk.javaapi.CollectionConverters;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a Structured Streaming row becomes a record ({@link RowRecords#map}), read from the {@code UnsafeRow}s Spark
 * hands to a writer: each column type gives the value a parsed JSON field would hold, Kafka's columns give the position
 * and the headers.
 */
class RowRecordsTest {

    @Test
    void everyColumnTypeBecomesTheFieldValueOfAParsedJsonObject() {
        StructType schema = StructType.fromDDL("s STRING, i INT, l BIGINT, sh SMALLINT, b TINYINT, f FLOAT, d DOUBLE, "
                + "ok BOOLEAN, dec DECIMAL(10,3), bin BINARY, day DATE, ts TIMESTAMP, ntz TIMESTAMP_NTZ, "
                + "arr ARRAY<INT>, m MAP<STRING,BIGINT>, st STRUCT<a: STRING, b: INT>, none STRING");
        Row row = RowFactory.create("text", 7, 8L, (short) 9, (byte) 10, 1.5f, 2.25, true, new BigDecimal("12.345"),
                "bytes".getBytes(StandardCharsets.UTF_8), Date.valueOf("2026-12-01"),
                Timestamp.from(Instant.parse("2026-12-01T10:15:30.123456Z")),
                LocalDateTime.parse("2026-12-01T10:15:30"),
                CollectionConverters.asScala(List.of(1, 2)).toSeq(),
                scala.collection.immutable.Map.from(CollectionConverters.asScala(Map.of("k", 3L))),
                RowFactory.create("x", 4), null);

        SinkRecord record = map(schema, row, "field.s").record();

        Map<String, Object> fields = new HashMap<>(record.fields());
        assertThat((byte[]) fields.remove("bin")).isEqualTo("bytes".getBytes(StandardCharsets.UTF_8));
        Map<String, Object> expected = new LinkedHashMap<>();
        expected.put("s", "text");
        expected.put("i", 7);
        expected.put("l", 8L);
        expected.put("sh", (short) 9);
        expected.put("b", (byte) 10);
        expected.put("f", 1.5f);
        expected.put("d", 2.25);
        expected.put("ok", true);
        expected.put("dec", new BigDecimal("12.345"));
        expected.put("day", "2026-12-01");
        expected.put("ts", "2026-12-01T10:15:30.123456Z");
        expected.put("ntz", "2026-12-01T10:15:30Z");
        expected.put("arr", List.of(1, 2));
        expected.put("m", Map.of("k", 3L));
        expected.put("st", Map.of("a", "x", "b", 4));
        expected.put("none", null);
        assertThat(fields).isEqualTo(expected);
        assertThat(record.key()).isEqualTo("text");
        assertThat(record.eventTime()).isEmpty();
        assertThat(record.fields().keySet()).as("the columns' order").containsExactly("s", "i", "l", "sh", "b", "f",
                "d", "ok", "dec", "bin", "day", "ts", "ntz", "arr", "m", "st", "none");
    }

    @Test
    void kafkaColumnsGiveTheValueThePositionTheEventTimeAndTheHeaders() {
        StructType schema = StructType.fromDDL("key BINARY, value BINARY, topic STRING, partition INT, offset BIGINT, "
                + "timestamp TIMESTAMP, timestampType INT, headers ARRAY<STRUCT<key: STRING, value: BINARY>>");
        Row row = RowFactory.create("k".getBytes(StandardCharsets.UTF_8),
                "{\"id\":1}".getBytes(StandardCharsets.UTF_8), "events", 3, 42L,
                Timestamp.from(Instant.parse("2026-12-01T10:00:00Z")), 0,
                CollectionConverters.asScala(Arrays.asList(
                        RowFactory.create("trace", "t-1".getBytes(StandardCharsets.UTF_8)),
                        RowFactory.create("empty", null))).toSeq());

        RecordOrError mapped = map(schema, row, "position");

        assertThat(mapped.isBad()).isFalse();
        SinkRecord record = mapped.record();
        assertThat(record.key()).isEqualTo(new SourcePosition("events", 3, 42L).toString());
        assertThat(record.position()).contains(new SourcePosition("events", 3, 42L));
        assertThat(record.valueAsString()).isEqualTo("{\"id\":1}");
        assertThat(record.eventTime()).contains(Instant.parse("2026-12-01T10:00:00Z"));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("trace", "t-1");
        headers.put("empty", null);
        assertThat(record.headers()).isEqualTo(headers);
        assertThat(record.fields()).containsEntry("topic", "events").containsEntry("partition", 3)
                .containsEntry("offset", 42L).doesNotContainKey("value");
    }

    @Test
    void aRowWithoutValueColumnIsItsJson() {
        StructType schema = StructType.fromDDL("id STRING, n BIGINT, tags ARRAY<STRING>");
        Row row = RowFactory.create("a-1", 5L, CollectionConverters.asScala(List.of("x", "y")).toSeq());

        SinkRecord record = map(schema, row, "field.id").record();

        assertThat(record.valueAsString()).isEqualTo("{\"id\":\"a-1\",\"n\":5,\"tags\":[\"x\",\"y\"]}");
        assertThat(record.key()).isEqualTo("a-1");
    }

    /** The row as Spark hands it to a writer (an {@code UnsafeRow}), mapped by a fresh {@link RowRecords}. */
    private static RecordOrError map(StructType schema, Row row, String key) {
        RowRecords rows = RowRecords.parse(Map.of("eos.sink", "files", "eos.sink.files.path", "/unused",
                "eos.key", key), schema).rows();
        InternalRow internal = (InternalRow) CatalystTypeConverters.createToCatalystConverter(schema).apply(row);
        return rows.map(UnsafeProjection.create(schema).apply(internal));
    }
}
