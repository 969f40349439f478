package dev.eos.testing.violator;

/** A double standing in for a test fixture (dev.eos.testing..) in the rule tests. */
public class AFixture {
}
