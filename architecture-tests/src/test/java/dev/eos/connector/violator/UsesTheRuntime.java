package dev.eos.connector.violator;

/** Breaks the connector rule on purpose: a connector reaching into the runtime. */
public class UsesTheRuntime {
    public Class<?> job = dev.eos.runtime.Main.class;
}
