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
        assertThat(parse(props).timestamp()).isEqualTo(HBaseSinkOptions.TimestampSource.SERVER);
    }

    @Test
    void everyCrossOptionProblemIsReportedAtOnce() {
        Map<String, String> props = new HashMap<>();
        props.put(P + "table", "t");
        props.put(P + "column-family", "d");
        props.put(P + "timestamp", "server");
        props.put(P + "columns", "a,b=,c=@nope");
        props.put(P + "value-qualifier", "v");
        props.put(P + "row-key", "{unclosed");

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(props));

        assertThat(e.problems()).hasSize(5);
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains(P + "zookeeper-quorum", P + "site-file"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains(P + "timestamp"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains(P + "columns", P + "value-qualifier", "exclude"));
        assertThat(e.problems()).anySatisfy(p -> assertThat(p).contains(P + "columns", "entry \"b=\" is not target=expression",
                "\"@nope\" is not a record expression (allowed here: key, value", "qualifier=expression"));
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
    void templateRowKeyJoinsExpressionsAndAMissingFieldIsADataError() {
        RowKeyTemplate template = RowKeyTemplate.parse("{field.customer}#{field.order}/{position.offset}", 0, P + "row-key");
        SinkRecord record = SinkRecord.builder("k").field("customer", "c1").field("order", 42L)
                .position(new dev.eos.spi.SourcePosition("t", 0, 7)).build();
        SinkRecord missing = SinkRecord.builder("k").field("customer", "c1").build();

        assertThat(new String(template.rowKey(record), StandardCharsets.UTF_8)).isEqualTo("c1#42/7");
        assertThatThrownBy(() -> template.rowKey(missing)).isInstanceOf(SinkDataException.class)
                .hasMessageContaining("row key {field.order}: the record has no field \"order\"");
        assertThatThrownBy(() -> RowKeyTemplate.parse("plain", 0, P + "row-key")).hasMessageContaining("at least one {expression}");
        assertThatThrownBy(() -> RowKeyTemplate.parse("a}{key}", 0, P + "row-key")).hasMessageContaining("has no '{'");
        assertThatThrownBy(() -> RowKeyTemplate.parse("{range}", 0, P + "row-key"))
                .hasMessageContaining("allowed here: key, value");
    }

    @Test
    void oldRowKeyAndColumnSpellingsAreStillAccepted() {
        Map<String, String> props = minimal();
        props.put(P + "row-key", "{customer}#{order}");
        props.put(P + "columns", "id,seq=sequence,amount=field.amount");
        SinkRecord record = SinkRecord.builder("k").field("customer", "c1").field("order", 42L).build();

        HBaseSinkConfig config = parse(props);

        assertThat(new String(config.rowKey().rowKey(record), StandardCharsets.UTF_8)).isEqualTo("c1#42");
        assertThat(config.columns()).hasToString("{id=field.id, sequence=field.seq, amount=field.amount}");
        props.put(P + "row-key", "record-key");
        props.remove(P + "columns");
        assertThat(new String(parse(props).rowKey().rowKey(record), StandardCharsets.UTF_8)).isEqualTo("k");
    }

    @Test
    void saltPrefixIsAZeroPaddedStableBucket() {
        RowKeyTemplate salted = RowKeyTemplate.parse("{key}", 16, P + "row-key");
        SinkRecord record = SinkRecord.builder("customer-1").build();

        String key = new String(salted.rowKey(record), StandardCharsets.UTF_8);

        assertThat(key).matches("\\d\\d-customer-1");
        assertThat(new String(salted.rowKey(record), StandardCharsets.UTF_8)).isEqualTo(key);
        assertThat(new String(salted.prefix(3), StandardCharsets.US_ASCII)).isEqualTo("03-");
        assertThat(new String(RowKeyTemplate.parse("{key}", 0, P + "row-key").rowKey(record), StandardCharsets.UTF_8))
                .isEqualTo("customer-1");
    }

    @Test
    void everyFieldOrNoColumnsAtAll() {
        Map<String, String> props = minimal();
        props.put(P + "columns", "*");
        assertThat(parse(props).allFields()).isTrue();
        props.put(P + "columns", "*,a");
        assertThatThrownBy(() -> parse(props)).hasMessageContaining("* stands alone");
    }

    private static Map<String, String> minimal() {
        Map<String, String> props = new HashMap<>();
        props.put(P + "zookeeper-quorum", "zk1:2181");
        props.put(P + "table", "ns:events");
        props.put(P + "column-family", "d");
        return props;
    }

    private static HBaseSinkConfig parse(Map<String, String> props) {
        return HBaseSinkConfig.from(HBaseSinkOptions.SPEC.parse(P, props));
    }
}
