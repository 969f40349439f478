package dev.eos.spi.testproviders;

import dev.eos.spi.ConfigSpec;
import dev.eos.spi.Sink;
import dev.eos.spi.Config;
import dev.eos.spi.SinkProvider;

/** A test provider whose name() throws. */
public class ThrowingNameProvider implements SinkProvider {
    @Override
    public String name() {
        throw new IllegalStateException("boom in name()");
    }

    @Override
    public ConfigSpec configSpec() {
        return ConfigSpec.of();
    }

    @Override
    public Sink create(Config config) {
        throw new UnsupportedOperationException();
    }
}
