package dev.eos.connector.violator;

/** Breaks the connector rule on purpose: a connector using a sibling connector's code. */
public class UsesAnotherConnector {
    public Class<?> sibling = dev.eos.connector.files.FilesSinkProvider.class;
}
