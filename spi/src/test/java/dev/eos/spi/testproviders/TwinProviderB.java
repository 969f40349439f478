package dev.eos.spi.testproviders;

import dev.eos.spi.ConfigSpec;
import dev.eos.spi.Sink;
import dev.eos.spi.Config;
import dev.eos.spi.SinkProvider;

/** A test provider named "twin" that creates nothing; loaded by SinkRegistryTest from a jar it builds. */
public class TwinProviderB implements SinkProvider {
    @Override
    public String name() {
        return "twin";
    }

    @Override
    public ConfigSpec configSpec() {
        return ConfigSpec.of();
    }

    @Override
    public Sink create(Config config) {
        throw new UnsupportedOperationException("test provider");
    }
}
