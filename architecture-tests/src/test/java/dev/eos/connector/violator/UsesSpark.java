package dev.eos.connector.violator;

import org.apache.spark.violator.SparkTypeDouble;

/** Breaks the connector rule on purpose: a connector depending on Spark. */
public class UsesSpark {
    public SparkTypeDouble spark;
}
