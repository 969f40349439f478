package dev.eos.runtime.source;

import dev.eos.spi.ConfigOption;
import dev.eos.spi.ConfigSpec;
import dev.eos.spi.OffsetRange;
import dev.eos.spi.Config;
import dev.eos.spi.SourcePosition;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.BlockRDD;
import org.apache.spark.storage.BlockId;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.streaming.api.java.JavaDStream;
import org.apache.spark.streaming.api.java.JavaStreamingContext;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * {@code eos.source=socket}: lines of UTF-8 text from a TCP server, through a Spark receiver.
 *
 * <p>The receiver write-ahead log ({@code spark.streaming.receiver.writeAheadLog.enable}) is switched on: a block
 * of received lines is stored under the checkpoint directory before it is handed to a batch, so a driver crash
 * loses no received line, and a replayed batch reads the same blocks. A socket cannot resend, though: lines sent
 * while the job is down, or received but not yet stored in a block when the receiver dies, are lost. The job says
 * so at start.
 *
 * <p>Position of a line: ({@code socket://host:port/<block id>}, 0, its number in the block from 1); the block ids
 * of a batch are kept in the write-ahead log, so positions are the same when a batch is replayed after a restart.
 */
public final class SocketSource implements EventSource {

    public static final String NAME = "socket";

    public static final ConfigOption<String> HOST = ConfigOption.stringOption("host")
            .required()
            .description("Host name of the server to read lines from.");

    public static final ConfigOption<Integer> PORT = ConfigOption.intOption("port")
            .required()
            .min(1).max(65535)
            .description("TCP port of the server.");

    /** The options of the socket source, relative to {@code eos.source.socket.}. */
    public static final ConfigSpec SPEC = ConfigSpec.of(HOST, PORT);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String description() {
        return "Lines from a TCP socket through a receiver with the write-ahead log; not replayable.";
    }

    @Override
    public ConfigSpec configSpec() {
        return SPEC;
    }

    @Override
    public boolean replayable() {
        return false;
    }

    @Override
    public Map<String, String> sparkSettings(Config options) {
        return Map.of("spark.streaming.receiver.writeAheadLog.enable", "true");
    }

    @Override
    public List<String> startWarnings(Config options) {
        return List.of("Source socket " + options.get(HOST) + ":" + options.get(PORT) + " is not replayable. "
                + "Lines the receiver has stored are kept in the write-ahead log under eos.checkpoint.dir and "
                + "written exactly once, whatever fails; but lines sent while the job is down, or received and not "
                + "yet stored when the receiver dies, are lost: for the full guarantee use a replayable source "
                + "(files, kafka).");
    }

    @Override
    public SourceStream createStream(JavaStreamingContext ssc, SourceContext context) {
        String host = context.options().get(HOST);
        int port = context.options().get(PORT);
        String source = "socket://" + host + ":" + port;
        // serialized storage without replication: the write-ahead log already makes received blocks durable
        JavaDStream<SourceEvent> events = ssc.socketTextStream(host, port, StorageLevel.MEMORY_AND_DISK_SER())
                .transform((rdd, time) -> withPositions(rdd, source));
        return new Stream(events, source);
    }

    private static JavaRDD<SourceEvent> withPositions(JavaRDD<String> lines, String source) {
        List<String> blocks = blockNames(lines);
        return lines.mapPartitionsWithIndex((partition, it) -> {
            String where = partition < blocks.size() ? source + "/" + blocks.get(partition) : source;
            return new Iterator<SourceEvent>() {
                private long line;

                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public SourceEvent next() {
                    line++;
                    return SourceEvent.of(it.next().getBytes(StandardCharsets.UTF_8),
                            new SourcePosition(where, 0, line));
                }
            };
        }, true);
    }

    private static List<String> blockNames(JavaRDD<?> rdd) {
        List<String> names = new ArrayList<>();
        RddLineage.find(rdd.rdd(), BlockRDD.class).ifPresent(blocks -> {
            for (BlockId id : (BlockId[]) blocks.blockIds()) {
                names.add(id.name());
            }
        });
        return names;
    }

    private record Stream(JavaDStream<SourceEvent> events, String source) implements SourceStream {

        @Override
        public List<List<OffsetRange>> offsetRanges(JavaRDD<SourceEvent> batch) {
            List<List<OffsetRange>> ranges = new ArrayList<>();
            for (String block : blockNames(batch)) {
                ranges.add(List.of(new OffsetRange(source + "/" + block, 0, 1, Long.MAX_VALUE)));
            }
            return ranges;
        }
    }
}
