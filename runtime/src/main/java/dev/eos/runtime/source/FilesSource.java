package dev.eos.runtime.source;

import dev.eos.spi.ConfigOption;
import dev.eos.spi.ConfigSpec;
import dev.eos.spi.OffsetRange;
import dev.eos.spi.Config;
import dev.eos.spi.ConfigException;
import dev.eos.spi.SourcePosition;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.Text;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.RDD;
import org.apache.spark.rdd.UnionRDD;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.streaming.api.java.JavaDStream;
import org.apache.spark.streaming.api.java.JavaStreamingContext;
import scala.jdk.javaapi.CollectionConverters;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code eos.source=files}: a directory stream over any Hadoop path (local, HDFS, ABFS, S3A). Every batch reads the
 * files that appeared in the directory since the previous batch, whole and in order.
 *
 * <h2>Positions and keys</h2>
 * Each line's position is (the file's fully qualified URI, partition 0, the line number starting at 1): files are
 * read with {@link LineInputFormat}, which never splits a file, so one task reads one file from its first line and
 * counts lines itself. The same file yields the same positions on every replay, in any process.
 *
 * <h2>What is picked up</h2>
 * A file must appear in the directory complete, by an atomic rename (write it elsewhere or under a hidden name
 * first): names starting with {@code .} or {@code _}, and names ending in {@code .tmp} or {@code ._COPYING_}, are
 * ignored. With {@code new-files-only=false} (the default) files already present at the first start are read too,
 * within the {@code remember} window; a file whose modification time is older than that window when the job looks
 * is never read, so the window must be longer than the longest time the job may be down.
 */
public final class FilesSource implements EventSource {

    public static final String NAME = "files";

    public static final ConfigOption<String> PATH = ConfigOption.stringOption("path")
            .required()
            .description("The directory to watch (a Hadoop path or URI: /data/in, hdfs://nn/in, "
                    + "abfss://c@a.dfs.core.windows.net/in). Files must be moved into it complete.");

    public static final ConfigOption<Boolean> NEW_FILES_ONLY = ConfigOption.booleanOption("new-files-only")
            .defaultValue(false)
            .description("true: ignore the files already in the directory when the job first starts. "
                    + "false: read them too, if they are younger than the remember window.");

    public static final ConfigOption<Duration> REMEMBER = ConfigOption.durationOption("remember")
            .defaultValue(Duration.ofMinutes(10))
            .min(Duration.ofSeconds(1)).max(Duration.ofDays(365))
            .description("How far back file modification times are considered "
                    + "(spark.streaming.fileStream.minRememberDuration). Must exceed the longest time the job may "
                    + "be down, or files that arrived meanwhile are missed.");

    /** The options of the files source, relative to {@code eos.source.files.}. */
    public static final ConfigSpec SPEC = ConfigSpec.of(PATH, NEW_FILES_ONLY, REMEMBER);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "New files in a directory on any Hadoop file system; position = file URI and line number.";
    }

    @Override
    public ConfigSpec configSpec() {
        return SPEC;
    }

    @Override
    public boolean replayable() {
        return true;
    }

    @Override
    public Map<String, String> sparkSettings(Config options) {
        return Map.of("spark.streaming.fileStream.minRememberDuration", options.get(REMEMBER).toSeconds() + "s");
    }

    @Override
    public void preflight(Config options) {
        String dir = options.get(PATH);
        try {
            Path path = new Path(dir);
            org.apache.hadoop.fs.FileSystem fs = path.getFileSystem(new org.apache.hadoop.conf.Configuration());
            if (!fs.getFileStatus(path).isDirectory()) {
                throw new ConfigException(ConfigException.invalid(options.key(PATH), dir, "not a directory"));
            }
        } catch (java.io.FileNotFoundException e) {
            throw new ConfigException(ConfigException.invalid(options.key(PATH), dir,
                    "the directory does not exist"));
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new ConfigException(ConfigException.invalid(options.key(PATH), dir,
                    "cannot be read: " + e.getMessage()));
        }
    }

    @Override
    public SourceStream createStream(JavaStreamingContext ssc, SourceContext context) {
        String path = context.options().get(PATH);
        boolean newFilesOnly = context.options().get(NEW_FILES_ONLY);
        JavaDStream<SourceEvent> events = ssc
                .fileStream(path, LineInputFormat.FileLine.class, Text.class, LineInputFormat.class,
                        FilesSource::isVisible, newFilesOnly)
                .map(pair -> SourceEvent.of(pair._2().copyBytes(),
                        new SourcePosition(pair._1().file(), 0, pair._1().line())));
        return new Stream(events);
    }

    /**
     * The directory as a Structured Streaming file stream: each new file read whole ({@code wholetext}), split into
     * lines as Hadoop's line reader splits them ({@code \n}, {@code \r\n} or {@code \r}), each line positioned by
     * the file's URI and its number from 1: the same positions as on the DStream engine. {@code remember} bounds the
     * age of the files considered ({@code maxFileAge}).
     */
    @Override
    public Dataset<Row> readStream(SparkSession spark, SourceContext context) {
        Dataset<Row> files = spark.readStream().format("text").option("wholetext", "true")
                .option("maxFileAge", context.options().get(REMEMBER).toMillis() + "ms")
                .load(context.options().get(PATH))
                .select(functions.col("value"), functions.col("_metadata.file_path").as("file"));
        return files.flatMap((FlatMapFunction<Row, Row>) FilesSource::lines, Encoders.row(LINES));
    }

    /** The columns of {@link #readStream}: a line and its position. */
    static final StructType LINES = new StructType()
            .add("value", DataTypes.BinaryType, false)
            .add("topic", DataTypes.StringType, false)
            .add("partition", DataTypes.IntegerType, false)
            .add("offset", DataTypes.LongType, false);

    /** A whole file's lines, each with its position. */
    static Iterator<Row> lines(Row file) throws URISyntaxException {
        String uri = canonical(file.getString(1));
        byte[] text = file.getString(0).getBytes(StandardCharsets.UTF_8);
        List<Row> out = new ArrayList<>();
        int start = 0;
        long line = 0;
        for (int i = 0; i < text.length; i++) {
            if (text[i] == '\n' || text[i] == '\r') {
                out.add(RowFactory.create(Arrays.copyOfRange(text, start, i), uri, 0, ++line));
                if (text[i] == '\r' && i + 1 < text.length && text[i + 1] == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        if (start < text.length) {
            out.add(RowFactory.create(Arrays.copyOfRange(text, start, text.length), uri, 0, ++line));
        }
        return out.iterator();
    }

    /** A file's URI as the DStream engine names it ({@link LineInputFormat#uri}): {@code file:/data/in/a.txt}. */
    static String canonical(String fileUri) throws URISyntaxException {
        URI u = new URI(fileUri);
        return LineInputFormat.uri(new Path(new URI(u.getScheme(), u.getAuthority(), u.getPath(), null, null)));
    }

    /** Whether a file in the watched directory is complete (by the naming convention above). */
    static Boolean isVisible(Path file) {
        String name = file.getName();
        return !(name.startsWith(".") || name.startsWith("_") || name.endsWith(".tmp") || name.endsWith("._COPYING_"));
    }

    private record Stream(JavaDStream<SourceEvent> events) implements SourceStream {

        /** One range per partition: the whole file it reads, from line 1 (until {@link Long#MAX_VALUE}). */
        @Override
        public List<List<OffsetRange>> offsetRanges(JavaRDD<SourceEvent> batch) {
            return RddLineage.find(batch.rdd(), UnionRDD.class).map(Stream::fileRanges).orElse(List.of());
        }

        private static List<List<OffsetRange>> fileRanges(UnionRDD<?> union) {
            List<List<OffsetRange>> ranges = new ArrayList<>();
            for (RDD<?> file : CollectionConverters.asJava(union.rdds())) {
                String uri = file.name() == null ? null : LineInputFormat.uri(new Path(file.name()));
                for (int i = 0; i < file.getNumPartitions(); i++) {
                    ranges.add(uri == null ? List.of() : List.of(new OffsetRange(uri, 0, 1, Long.MAX_VALUE)));
                }
            }
            return ranges;
        }
    }
}
