package com.example.kvsink;

import com.google.auto.service.AutoService;
import dev.eos.spi.ConfigSpec;
import dev.eos.spi.Sink;
import dev.eos.spi.Config;
import dev.eos.spi.SinkProvider;

/**
 * The {@code keyvalue-dir} sink: one file per record key in a local directory, holding the record's value.
 * {@code @AutoService} writes {@code META-INF/services/dev.eos.spi.SinkProvider}, which is how EOS finds it.
 */
// tag::provider[]
@AutoService(SinkProvider.class)
public final class KeyValueDirSinkProvider implements SinkProvider {

    @Override
    public String name() {
        return "keyvalue-dir";
    }

    @Override
    public String description() {
        return "One file per key in a local directory (example third-party sink)";
    }

    @Override
    public ConfigSpec configSpec() {
        return KeyValueDirSinkOptions.SPEC;
    }

    @Override
    public Sink create(Config config) {
        return new KeyValueDirSink(KeyValueDirSinkConfig.from(config));
    }
}
// end::provider[]
