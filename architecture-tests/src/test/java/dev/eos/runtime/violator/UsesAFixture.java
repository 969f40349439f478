package dev.eos.runtime.violator;

import dev.eos.testing.violator.AFixture;

/** Breaks the fixture rule on purpose: production code starting a test fixture. */
public class UsesAFixture {
    public AFixture fixture = new AFixture();
}
