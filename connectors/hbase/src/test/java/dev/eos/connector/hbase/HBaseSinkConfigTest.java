package dev.eos.connector.hbase;

import dev.eos.spi.ConfigException;
import dev.eos.spi.SinkDataException;
import dev.eos.spi.SinkRecord;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Cross-option rules and the row key rules; no cluster needed. */
class HBaseSinkConfigTest {

    private static final String P = "eos.sink.hbase.";

    @Test
    void serverTimestampIsRefusedUnlessExplicitlyAllowed() {
        Map<String, String> props = minimal();
        props.put(P + "timestamp", "server");

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(props));
        assertThat(e.problems()).singleElement().asString()
                .contains("\"" + P + "timestamp\"", "breaks exactly-once", "\"" + P + "allow-server-timestamp\"=true");

        props.put(P + "allow-server-timestamp", "true");
        assertThat(parse(props).timestamp()).isEqualTo(HBaseSinkConfig.TimestampSource.SERVER);
    }

    @Test
    void everyCrossOptionProblemIsReportedAtOnce() {
        Map<String, String> props = new HashMap<>();
        props.put(P + "table", "t");
        props.put(P + "column-family", "d");
        props.put(P + "timestamp", "server");
        props.put(P + "columns", "a,b=");
        props.put(P + "value-qualifier", "v");
        props.put(P + "row-key", "{unclosed");

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(props));

        assertThat(e.problems()).hasSize(5);
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains(P + "zookeeper-quorum", P + "site-file"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains(P + "timestamp"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains(P + "columns", P + "value-qualifier", "exclude"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains(P + "columns", "field=qualifier"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains(P + "row-key", "not closed"));
    }

    @Test
    void siteFileIsReadAndExplicitOptionsAndPassThroughWin(@TempDir Path dir) throws Exception {
        Path site = dir.resolve("hbase-site.xml");
        Files.writeString(site, "<configuration>"
                + "<property><name>hbase.zookeeper.quorum</name><value>from-site</value></property>"
                + "<property><name>hbase.rpc.timeout</name><value>1234</value></property>"
                + "<property><name>zookeeper.znode.parent</name><value>/site</value></property>"
                + "</configuration>");
        Map<String, String> props = minimal();
        props.remove(P + "zookeeper-quorum");
        props.put(P + "site-file", site.toString());
        props.put(P + "zookeeper.znode.parent", "/given");

        Configuration conf = parse(props).clientConfiguration();

        assertThat(conf.get("hbase.zookeeper.quorum")).isEqualTo("from-site");
        assertThat(conf.get("hbase.rpc.timeout")).isEqualTo("1234");
        assertThat(conf.get("zookeeper.znode.parent")).isEqualTo("/given");

        props.put(P + "site-file", dir.resolve("absent.xml").toString());
        assertThatThrownBy(() -> parse(props)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(P + "site-file").hasMessageContaining("no readable file");
    }

    @Test
    void templateRowKeyJoinsFieldsAndAMissingFieldIsADataError() {
        RowKeyTemplate template = RowKeyTemplate.parse("{customer}#{order}/x", 0);
        SinkRecord record = SinkRecord.builder("k").field("customer", "c1").field("order", 42L).build();
        SinkRecord missing = SinkRecord.builder("k").field("customer", "c1").build();

        assertThat(new String(template.rowKey(record), StandardCharsets.UTF_8)).isEqualTo("c1#42/x");
        assertThatThrownBy(() -> template.rowKey(missing)).isInstanceOf(SinkDataException.class)
                .hasMessageContaining("row-key field \"order\"");
        assertThatThrownBy(() -> RowKeyTemplate.parse("plain", 0)).hasMessageContaining("record-key");
        assertThatThrownBy(() -> RowKeyTemplate.parse("a}", 0)).hasMessageContaining("has no '{'");
    }

    @Test
    void saltPrefixIsAZeroPaddedStableBucket() {
        RowKeyTemplate salted = RowKeyTemplate.parse("record-key", 16);
        SinkRecord record = SinkRecord.builder("customer-1").build();

        String key = new String(salted.rowKey(record), StandardCharsets.UTF_8);

        assertThat(key).matches("\\d\\d-customer-1");
        assertThat(new String(salted.rowKey(record), StandardCharsets.UTF_8)).isEqualTo(key);
        assertThat(new String(salted.prefix(3), StandardCharsets.US_ASCII)).isEqualTo("03-");
        assertThat(new String(RowKeyTemplate.parse("record-key", 0).rowKey(record), StandardCharsets.UTF_8))
                .isEqualTo("customer-1");
    }

    @Test
    void nestedFieldValuesBecomeJsonText() {
        assertThat(CellValues.text(Map.of("a", java.util.List.of(1L, "x\"y", true)))).isEqualTo("{\"a\":[1,\"x\\\"y\",true]}");
        assertThat(CellValues.text(2.5)).isEqualTo("2.5");
    }

    private static Map<String, String> minimal() {
        Map<String, String> props = new HashMap<>();
        props.put(P + "zookeeper-quorum", "zk1:2181");
        props.put(P + "table", "ns:events");
        props.put(P + "column-family", "d");
        return props;
    }

    private static HBaseSinkConfig parse(Map<String, String> props) {
        return HBaseSinkConfig.of(HBaseSinkConfig.SPEC.parse(P, props));
    }
}
