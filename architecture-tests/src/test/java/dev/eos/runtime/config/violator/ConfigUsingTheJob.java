package dev.eos.runtime.config.violator;

/** Breaks the configuration rule on purpose: configuration depending on the job's top-level package. */
public class ConfigUsingTheJob {
    public Class<?> job = dev.eos.runtime.Main.class;
}
