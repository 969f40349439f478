package dev.eos.connector.files;

import dev.eos.connector.support.PathTemplate;
import dev.eos.connector.support.WriteMode;
import dev.eos.spi.RetriableSinkException;
import dev.eos.spi.SinkDataException;
import dev.eos.spi.SinkRecord;
import dev.eos.spi.SinkWriter;
import dev.eos.spi.WriteContext;
import dev.eos.spi.WriteResult;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.Path;

import java.io.ByteArrayInputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.UUID;

/**
 * Writes one partition of one batch. Every file is written to a hidden temporary file next to its target
 * ({@code .<name>.<uuid>.tmp}, which Hadoop and Spark readers skip) and renamed over the target, so a reader sees
 * the old file or the new one, never a part. Before writing, the target's content is compared with the new content:
 * equal means the record (or the batch file) is already stored, and it is counted as a duplicate.
 *
 * <ul>
 *   <li>per-record: each record's file is in place when {@link #write(SinkRecord)} returns.</li>
 *   <li>per-batch: records stream into the temporary file; {@link #commit()} puts it in place. Empty batches
 *       write nothing.</li>
 * </ul>
 * Not thread-safe (one writer per task).
 */
final class FilesSinkWriter implements SinkWriter {

    private static final byte NEWLINE = '\n';

    private final FileSystem fs;
    private final Path base;
    private final FilesSinkConfig config;
    private final WriteContext context;
    private long written;
    private long duplicates;
    private long accepted;
    private Path batchTarget;
    private Path batchTemp;
    private FSDataOutputStream batchOut;
    private boolean done;

    FilesSinkWriter(FileSystem fs, Path base, FilesSinkConfig config, WriteContext context) {
        this.fs = fs;
        this.base = base;
        this.config = config;
        this.context = context;
    }

    @Override
    public void write(SinkRecord record) {
        if (done) {
            throw new IllegalStateException("writer already committed or closed");
        }
        if (config.mode() == WriteMode.PER_RECORD) {
            writeRecordFile(record);
        } else {
            appendToBatchFile(record);
        }
    }

    private void writeRecordFile(SinkRecord record) {
        Path target;
        try {
            target = new Path(base, config.template().render(record, context));
        } catch (PathTemplate.InvalidPathException e) {
            throw new SinkDataException(record, "No valid file path from template \"" + config.template() + "\": "
                    + e.getMessage());
        }
        byte[] content = record.value();
        try {
            if (sameContent(target, content.length, () -> new ByteArrayInputStream(content))) {
                duplicates++;
            } else {
                Path temp = tempFor(target);
                try (FSDataOutputStream out = fs.create(temp, false)) {
                    out.write(content);
                }
                if (putInPlace(temp, target, content.length, () -> new ByteArrayInputStream(content))) {
                    written++;
                } else {
                    duplicates++;
                }
            }
            accepted++;
        } catch (IOException e) {
            throw new RetriableSinkException("Writing " + target + " failed: " + e, e);
        }
    }

    private void appendToBatchFile(SinkRecord record) {
        byte[] value = record.value();
        for (byte b : value) {
            if (b == NEWLINE) {
                throw new SinkDataException(record, "the value contains a line break, which would split it in two in a per-batch file");
            }
        }
        try {
            if (batchOut == null) {
                batchTarget = new Path(base, config.template().render(context));
                batchTemp = tempFor(batchTarget);
                batchOut = fs.create(batchTemp, false);
            }
            batchOut.write(value);
            batchOut.write(NEWLINE);
            accepted++;
        } catch (IOException e) {
            throw new RetriableSinkException("Writing " + batchTemp + " failed: " + e, e);
        }
    }

    @Override
    public WriteResult commit() {
        if (done) {
            throw new IllegalStateException("writer already committed or closed");
        }
        done = true;
        if (batchOut != null) {
            try {
                batchOut.close();
                batchOut = null;
                long length = fs.getFileStatus(batchTemp).getLen();
                if (sameContent(batchTarget, length, () -> fs.open(batchTemp))) {
                    fs.delete(batchTemp, false);
                    duplicates += accepted;
                } else if (putInPlace(batchTemp, batchTarget, length, () -> fs.open(batchTemp))) {
                    written += accepted;
                } else {
                    duplicates += accepted;
                }
            } catch (IOException e) {
                throw new RetriableSinkException("Committing " + batchTarget + " failed: " + e, e);
            }
        }
        return WriteResult.of(written, duplicates);
    }

    @Override
    public void close() {
        done = true;
        if (batchOut != null) {
            try {
                batchOut.close();
                fs.delete(batchTemp, false);
            } catch (IOException e) {
                // an abandoned temporary file is hidden from readers; nothing else to release
            }
            batchOut = null;
        }
    }

    private Path tempFor(Path target) {
        return new Path(target.getParent(), "." + target.getName() + "." + UUID.randomUUID() + ".tmp");
    }

    /**
     * Renames {@code temp} over {@code target}. Returns false when the rename was refused because an equal file is
     * already there (a concurrent attempt won), in which case {@code temp} is deleted.
     */
    private boolean putInPlace(Path temp, Path target, long length, ContentSource content) throws IOException {
        if (fs.rename(temp, target)) {
            return true;
        }
        // HDFS and object stores refuse to rename over an existing file
        if (sameContent(target, length, content)) {
            fs.delete(temp, false);
            return false;
        }
        FileContext.getFileContext(fs.getUri(), fs.getConf()).rename(temp, target, Options.Rename.OVERWRITE);
        return true;
    }

    /** Whether {@code target} exists with exactly {@code length} bytes equal to {@code content}'s. */
    private boolean sameContent(Path target, long length, ContentSource content) throws IOException {
        FileStatus status;
        try {
            status = fs.getFileStatus(target);
        } catch (FileNotFoundException e) {
            return false;
        }
        if (!status.isFile() || status.getLen() != length) {
            return false;
        }
        byte[] theirs = new byte[8192];
        byte[] ours = new byte[8192];
        try (FSDataInputStream a = fs.open(target); InputStream b = content.open()) {
            while (true) {
                int n = a.readNBytes(theirs, 0, theirs.length);
                int m = b.readNBytes(ours, 0, ours.length);
                if (n != m || !java.util.Arrays.equals(theirs, 0, n, ours, 0, m)) {
                    return false;
                }
                if (n < theirs.length) {
                    return true;
                }
            }
        } catch (FileNotFoundException e) {
            return false;
        }
    }

    @FunctionalInterface
    private interface ContentSource {
        InputStream open() throws IOException;
    }

    @Override
    public String toString() {
        return "FilesSinkWriter{" + base + ", batch " + context.batchTime() + ", partition " + context.partition()
                + ", attempt " + context.attempt() + "}";
    }
}
