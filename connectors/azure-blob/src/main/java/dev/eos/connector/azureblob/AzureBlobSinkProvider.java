package dev.eos.connector.azureblob;

import com.google.auto.service.AutoService;
import dev.eos.spi.ConfigSpec;
import dev.eos.spi.Sink;
import dev.eos.spi.Config;
import dev.eos.spi.SinkProvider;

/** The {@code azure-blob} sink: records as objects in an Azure Blob Storage container, overwrite-by-path. */
@AutoService(SinkProvider.class)
public final class AzureBlobSinkProvider implements SinkProvider {

    public static final String NAME = "azure-blob";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Objects in an Azure Blob Storage container, one per record or per partition per batch, overwrite-by-path";
    }

    @Override
    public ConfigSpec configSpec() {
        return AzureBlobSinkOptions.SPEC;
    }

    @Override
    public Sink create(Config config) {
        return new AzureBlobSink(AzureBlobSinkConfig.from(config));
    }
}
