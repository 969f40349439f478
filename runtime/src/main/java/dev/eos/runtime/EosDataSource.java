package dev.eos.runtime;

import dev.eos.spi.ConfigException;
import org.apache.spark.sql.connector.catalog.Table;
import org.apache.spark.sql.connector.catalog.TableProvider;
import org.apache.spark.sql.connector.expressions.Transform;
import org.apache.spark.sql.sources.DataSourceRegister;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.util.CaseInsensitiveStringMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * {@code format("eos")}: exactly-once output of a Structured Streaming query into any EOS sink, found by Spark's own
 * {@link DataSourceRegister} service entry.
 *
 * <pre>{@code
 * events.writeStream().format("eos")
 *         .option("eos.sink", "files").option("eos.sink.files.path", "/data/out")
 *         .option("eos.key", "field.id")
 *         .option("checkpointLocation", "/data/checkpoint")
 *         .start();
 * }</pre>
 *
 * <ol>
 *   <li>At {@code start()}, on the driver: the options ({@code eos.*}, the same keys as the job's) and the query's
 *       columns are checked, every problem reported at once ({@link RowRecords#parse}), the sink is created and
 *       preflighted.</li>
 *   <li>Per epoch (micro-batch), per partition, on the executors: the rows become records ({@link RowRecords}) and are
 *       written through the job's retry and dead-letter loop ({@link RetryingPartitionWrite}), with the epoch as the
 *       batch, the partition and the task's attempt number in the {@code WriteContext}.</li>
 *   <li>When every partition committed, on the driver: the epoch's progress line and metrics ({@link Progress}).</li>
 * </ol>
 * Append output mode only. A replayed epoch (a restarted driver, a retried task) writes the same records with the same
 * keys again: the sink stores them once.
 */
public final class EosDataSource implements DataSourceRegister, TableProvider {

    /** The short name: {@code format("eos")}. */
    public static final String NAME = "eos";

    private static final Logger LOG = LoggerFactory.getLogger(EosDataSource.class);

    @Override
    public String shortName() {
        return NAME;
    }

    /** The query's own schema is used ({@link #supportsExternalMetadata()}); nothing is inferred. */
    @Override
    public StructType inferSchema(CaseInsensitiveStringMap options) {
        return new StructType();
    }

    @Override
    public boolean supportsExternalMetadata() {
        return true;
    }

    /**
     * The sink of one query: options checked against the query's columns, sink created and preflighted.
     *
     * @throws ConfigException with every problem of the options
     */
    @Override
    public Table getTable(StructType schema, Transform[] partitioning, Map<String, String> properties) {
        RowRecords.Settings settings = RowRecords.parse(properties, schema);
        settings.sinks().warnings().forEach(LOG::warn);
        SinkBinding sinks = SinkBinding.create(settings.sinks());
        Preflight preflight = new Preflight(Preflight.timeout(properties));
        preflight.sinks(sinks);
        preflight.finish();
        return new EosStreamingWrite.SinkTable(schema, sinks, settings.rows());
    }
}
