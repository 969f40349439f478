package dev.eos.spi.violator;

import org.apache.spark.violator.SparkTypeDouble;

/** Breaks the SPI rule on purpose: the SPI depending on a library. */
public class SpiUsingALibrary {
    public SparkTypeDouble library;
}
