package dev.eos.connector.adls;

import com.google.auto.service.AutoService;
import dev.eos.spi.ConfigSpec;
import dev.eos.spi.Sink;
import dev.eos.spi.Config;
import dev.eos.spi.SinkProvider;

/** The {@code adls} sink: records as files in an Azure Data Lake Storage Gen2 file system, overwrite-by-path. */
@AutoService(SinkProvider.class)
public final class AdlsSinkProvider implements SinkProvider {

    public static final String NAME = "adls";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Files in an ADLS Gen2 file system, one per record or per partition per batch, written to a "
                + "temporary path and renamed over the target";
    }

    @Override
    public ConfigSpec configSpec() {
        return AdlsSinkOptions.SPEC;
    }

    @Override
    public Sink create(Config config) {
        return new AdlsSink(AdlsSinkConfig.from(config));
    }
}
