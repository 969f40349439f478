package dev.eos.spi.testproviders;

import dev.eos.spi.ConfigSpec;
import dev.eos.spi.Sink;
import dev.eos.spi.Config;
import dev.eos.spi.SinkProvider;

/** A test provider whose constructor throws, standing in for a provider with a broken dependency. */
public class ThrowingProvider implements SinkProvider {
    public ThrowingProvider() {
        throw new IllegalStateException("boom in constructor");
    }

    @Override
    public String name() {
        return "throwing";
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
