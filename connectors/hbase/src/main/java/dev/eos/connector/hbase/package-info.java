/**
 * The {@code hbase} sink: one put per record through a {@code BufferedMutator}, with a deterministic cell
 * timestamp (event time or source offset), so that replaying a batch rewrites the same cell versions.
 * See docs/connectors/hbase.md.
 */
package dev.eos.connector.hbase;
