package dev.eos.runtime.source;

import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.InputSplit;
import org.apache.hadoop.mapreduce.JobContext;
import org.apache.hadoop.mapreduce.RecordReader;
import org.apache.hadoop.mapreduce.TaskAttemptContext;
import org.apache.hadoop.mapreduce.lib.input.FileInputFormat;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.input.LineRecordReader;

import java.io.IOException;

/**
 * Reads text files whole (never split), one record per line, keyed by the file's qualified URI and the line's
 * number (from 1). Compressed files are decompressed by their codec, as Hadoop's text input does.
 */
public final class LineInputFormat extends FileInputFormat<LineInputFormat.FileLine, Text> {

    /** A line's place: its file's URI and its number, counted from 1. */
    public record FileLine(String file, long line) {
    }

    @Override
    protected boolean isSplitable(JobContext context, Path file) {
        return false;
    }

    @Override
    public RecordReader<FileLine, Text> createRecordReader(InputSplit split, TaskAttemptContext context) {
        return new Reader();
    }

    /** The canonical text of a file's URI, as used in positions: {@code file:/data/in/a.txt}. */
    static String uri(Path path) {
        return path.toUri().toString();
    }

    private static final class Reader extends RecordReader<FileLine, Text> {
        private final LineRecordReader lines = new LineRecordReader();
        private String file;
        private long line;

        @Override
        public void initialize(InputSplit split, TaskAttemptContext context) throws IOException {
            file = uri(((FileSplit) split).getPath());
            lines.initialize(split, context);
        }

        @Override
        public boolean nextKeyValue() throws IOException {
            if (!lines.nextKeyValue()) {
                return false;
            }
            line++;
            return true;
        }

        @Override
        public FileLine getCurrentKey() {
            return new FileLine(file, line);
        }

        @Override
        public Text getCurrentValue() {
            return lines.getCurrentValue();
        }

        @Override
        public float getProgress() throws IOException {
            return lines.getProgress();
        }

        @Override
        public void close() throws IOException {
            lines.close();
        }
    }
}
