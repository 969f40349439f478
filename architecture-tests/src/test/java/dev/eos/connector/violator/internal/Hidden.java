package dev.eos.connector.violator.internal;

/** An internal class of a (pretend) connector. */
public class Hidden {
}
