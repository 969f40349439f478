package dev.eos.runtime;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import org.apache.spark.SparkEnv;
import org.apache.spark.metrics.source.Source;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Reports each batch on the driver: one line in the log and on standard output, in exactly this form ({@link Line}
 * writes it and parses it back: tests, the demo and the benchmarks read it with {@link Line#parse}):
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
        return new Line(batchTimeMillis, r.records(), r.written(), r.duplicates(), r.deadLettered(), millis).format();
    }

    /**
     * One batch's progress line, the only definition of its form: {@link #format()} writes it, {@link #parse}
     * reads it back.
     *
     * @param time the batch time, epoch milliseconds
     * @param records records read
     * @param written records newly stored
     * @param duplicates records found already stored
     * @param deadLettered records sent to the dead-letter sink
     * @param millis how long the batch took
     */
    public record Line(long time, long records, long written, long duplicates, long deadLettered, long millis) {

        /** What every progress line starts with. */
        public static final String PREFIX = "eos batch ";

        private static final List<String> FIELDS =
                List.of("time", "records", "written", "duplicates", "dead-lettered", "millis");

        /** {@code eos batch time=... records=... written=... duplicates=... dead-lettered=... millis=...} */
        public String format() {
            long[] values = values();
            StringBuilder out = new StringBuilder(PREFIX);
            for (int i = 0; i < FIELDS.size(); i++) {
                out.append(i == 0 ? "" : " ").append(FIELDS.get(i)).append('=').append(values[i]);
            }
            return out.toString();
        }

        /**
         * The progress line in {@code text}, if it holds one: the line itself, or a log line that carries it after
         * a prefix of its own.
         */
        public static Optional<Line> parse(String text) {
            int start = text.indexOf(PREFIX);
            if (start < 0) {
                return Optional.empty();
            }
            String[] words = text.substring(start + PREFIX.length()).split(" ", FIELDS.size() + 1);
            if (words.length < FIELDS.size()) {
                return Optional.empty();
            }
            long[] values = new long[FIELDS.size()];
            for (int i = 0; i < FIELDS.size(); i++) {
                String word = i == FIELDS.size() - 1 ? words[i].strip() : words[i];
                String name = FIELDS.get(i) + "=";
                if (!word.startsWith(name)) {
                    return Optional.empty();
                }
                try {
                    values[i] = Long.parseLong(word.substring(name.length()));
                } catch (NumberFormatException e) {
                    return Optional.empty();
                }
            }
            return Optional.of(new Line(values[0], values[1], values[2], values[3], values[4], values[5]));
        }

        private long[] values() {
            return new long[] {time, records, written, duplicates, deadLettered, millis};
        }
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
