package org.apache.spark.violator;

/** A double standing in for a Spark class in the rule tests (Spark itself is not on this module's class path). */
public class SparkTypeDouble {
}
