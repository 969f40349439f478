package dev.eos.connector.wellbehaved;

import dev.eos.spi.Sink;

/** Follows the connector rule: the SPI and its own package only. */
public class UsesOnlyTheSpi {
    public Sink sink;
    public Class<?> self = UsesOnlyTheSpi.class;
}
