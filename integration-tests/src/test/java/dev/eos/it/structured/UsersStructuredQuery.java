package dev.eos.it.structured;

// tag::imports[]
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
// end::imports[]

/**
 * A Java user's own Structured Streaming query writing with {@code format("eos")}: the code docs/structured-streaming.md
 * shows (between the tag markers), run by {@link UsersStructuredQueryIT} in a child JVM that it kills and restarts.
 * Arguments: the input directory (JSON lines {@code {"id":..., "amount":...}}), the output directory, the checkpoint.
 */
public final class UsersStructuredQuery {

    private UsersStructuredQuery() {
    }

    public static void main(String[] args) throws Exception {
        String input = args[0];
        String output = args[1];
        String checkpoint = args[2];
        // tag::query[]
        SparkSession spark = SparkSession.builder().appName("orders-to-files").getOrCreate();
        Dataset<Row> orders = spark.readStream()
                .format("json").schema("id STRING, amount DOUBLE")
                .load(input);

        StreamingQuery query = orders.writeStream()
                .format("eos")
                .option("eos.sink", "files")                 // any EOS sink on the class path
                .option("eos.sink.files.path", output)
                .option("eos.key", "field.id")               // the idempotency key: the id column
                .option("checkpointLocation", checkpoint)
                .start();
        query.awaitTermination();
        // end::query[]
    }
}
