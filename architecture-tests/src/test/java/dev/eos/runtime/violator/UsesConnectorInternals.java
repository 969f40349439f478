package dev.eos.runtime.violator;

import dev.eos.connector.violator.internal.Hidden;

/** Breaks the internal-package rule on purpose: using another module's internal package. */
public class UsesConnectorInternals {
    public Hidden hidden;
}
