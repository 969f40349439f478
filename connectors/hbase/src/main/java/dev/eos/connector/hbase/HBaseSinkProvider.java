package dev.eos.connector.hbase;

import com.google.auto.service.AutoService;
import dev.eos.spi.ConfigSpec;
import dev.eos.spi.Sink;
import dev.eos.spi.Config;
import dev.eos.spi.SinkProvider;

/**
 * The {@code hbase} sink: keyed put on Apache HBase, with cell timestamps taken from the record (event time or
 * source offset) so that a replayed batch rewrites the same cell versions instead of adding new ones.
 */
@AutoService(SinkProvider.class)
public final class HBaseSinkProvider implements SinkProvider {

    @Override
    public String name() {
        return "hbase";
    }

    @Override
    public String description() {
        return "Keyed put on Apache HBase with replay-safe cell timestamps";
    }

    @Override
    public ConfigSpec configSpec() {
        return HBaseSinkOptions.SPEC;
    }

    @Override
    public Sink create(Config config) {
        return new HBaseSink(HBaseSinkConfig.from(config));
    }
}
