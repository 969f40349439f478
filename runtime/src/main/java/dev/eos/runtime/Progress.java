package dev.eos.runtime;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import org.apache.spark.SparkEnv;
import org.apache.spark.metrics.source.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Reports each batch on the driver: one line in the log and on standard output, in exactly this form (tests and
 * the demo parse it):
 * <pre>eos batch time=&lt;epoch-millis&gt; records=&lt;n&gt; written=&lt;n&gt; duplicates=&lt;n&gt; dead-lettered=&lt;n&gt; millis=&lt;n&gt;</pre>
 * and the same counters as the Spark metrics source {@code eos} (counters {@code batches}, {@code records},
 * {@code written}, {@code duplicates}, {@code dead-lettered}; gauge {@code last-batch-millis}).
 */
public final class Progress {

    private static final Logger LOG = LoggerFactory.getLogger(Progress.class);
    private static volatile Metrics metrics;

    private Progress() {
    }

    /** The progress line of one batch. */
    public static String line(long batchTimeMillis, BatchOutcome r, long millis) {
        return "eos batch time=" + batchTimeMillis + " records=" + r.records() + " written=" + r.written()
                + " duplicates=" + r.duplicates() + " dead-lettered=" + r.deadLettered() + " millis=" + millis;
    }

    static void report(long batchTimeMillis, BatchOutcome result, long millis) {
        String line = line(batchTimeMillis, result, millis);
        LOG.info(line);
        System.out.println(line);
        System.out.flush();
        Metrics m = metrics();
        if (m != null) {
            m.batches.inc();
            m.records.inc(result.records());
            m.written.inc(result.written());
            m.duplicates.inc(result.duplicates());
            m.deadLettered.inc(result.deadLettered());
            m.lastBatchMillis.set(millis);
        }
    }

    /** The metrics source of this driver, registered with Spark's metrics system on first use; null without Spark. */
    public static Metrics metrics() {
        Metrics m = metrics;
        SparkEnv env = SparkEnv.get();
        if (m != null && m.env == env) {
            return m;
        }
        synchronized (Progress.class) {
            if (metrics == null || metrics.env != env) {
                if (env == null) {
                    return null;
                }
                Metrics created = new Metrics(env);
                try {
                    env.metricsSystem().registerSource(created);
                } catch (RuntimeException e) {
                    LOG.warn("Could not register the eos metrics source: {}", e.toString());
                }
                metrics = created;
            }
            return metrics;
        }
    }

    /** The {@code eos} metrics source. */
    public static final class Metrics implements Source {
        private final transient SparkEnv env;
        private final MetricRegistry registry = new MetricRegistry();
        final Counter batches = registry.counter("batches");
        final Counter records = registry.counter("records");
        final Counter written = registry.counter("written");
        final Counter duplicates = registry.counter("duplicates");
        final Counter deadLettered = registry.counter("dead-lettered");
        final AtomicLong lastBatchMillis = new AtomicLong();

        Metrics(SparkEnv env) {
            this.env = env;
            registry.register("last-batch-millis", (Gauge<Long>) lastBatchMillis::get);
        }

        @Override
        public String sourceName() {
            return "eos";
        }

        @Override
        public MetricRegistry metricRegistry() {
            return registry;
        }

        public long count(String name) {
            return registry.counter(name).getCount();
        }
    }
}
