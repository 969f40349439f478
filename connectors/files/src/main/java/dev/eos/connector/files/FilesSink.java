package dev.eos.connector.files;

import dev.eos.spi.RetriableSinkException;
import dev.eos.spi.Sink;
import dev.eos.spi.ConfigException;
import dev.eos.spi.SinkException;
import dev.eos.spi.SinkWriter;
import dev.eos.spi.WriteContext;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.UUID;

/**
 * Writes files under a base directory through Hadoop's {@link FileSystem}, one instance per JVM per configuration.
 * The file system client is opened on first use (never in the constructor) and shared by every writer; it is
 * thread-safe. On the local file system {@link LocalFileSystemWithoutForks} is used: no {@code .crc} side files, a
 * rename replaces its target atomically, and no child process per file.
 */
final class FilesSink implements Sink {

    private final FilesSinkConfig config;
    private final Configuration hadoopConf;
    private FileSystem opened;
    private FileSystem fs;
    private Path base;
    private boolean closed;

    FilesSink(FilesSinkConfig config) {
        this.config = config;
        this.hadoopConf = config.hadoopConfiguration();
    }

    FilesSinkConfig config() {
        return config;
    }

    /** The file system, opened on first use. */
    synchronized FileSystem fileSystem() {
        if (closed) {
            throw new IllegalStateException("the files sink is closed");
        }
        if (fs == null) {
            Path path = new Path(config.path());
            try {
                opened = FileSystem.newInstance(path.toUri(), hadoopConf);
                if (opened instanceof LocalFileSystem) {
                    opened.close();
                    opened = new LocalFileSystemWithoutForks();
                    opened.initialize(java.net.URI.create("file:///"), hadoopConf);
                }
            } catch (IOException e) {
                throw failure("cannot open the file system of " + config.path(), e);
            }
            fs = opened;
            base = fs.makeQualified(path);
        }
        return fs;
    }

    /** The base directory, qualified with its file system's scheme and authority. */
    synchronized Path base() {
        fileSystem();
        return base;
    }

    /**
     * Checks that the base directory exists or can be created, is a directory, and takes a file: a hidden probe
     * file is created and deleted.
     */
    @Override
    public void preflight() {
        FileSystem fs = fileSystem();
        Path base = base();
        Path probe = new Path(base, ".eos-preflight-" + UUID.randomUUID());
        try {
            if (!fs.mkdirs(base)) {
                throw new ConfigException("The base path " + base + " (" + config.key(FilesSinkOptions.PATH) + ") cannot be created");
            }
            FileStatus status = fs.getFileStatus(base);
            if (!status.isDirectory()) {
                throw new ConfigException("The base path " + base + " (" + config.key(FilesSinkOptions.PATH) + ") is not a directory");
            }
            fs.create(probe, false).close();
            fs.delete(probe, false);
        } catch (SinkException e) {
            throw e;
        } catch (IOException e) {
            throw failure("The base path " + base + " (" + config.key(FilesSinkOptions.PATH) + ") is not writable", e);
        }
    }

    @Override
    public SinkWriter open(WriteContext context) {
        return new FilesSinkWriter(fileSystem(), base(), config, context);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (opened != null) {
            try {
                opened.close();
            } catch (IOException e) {
                // nothing left to release
            }
        }
    }

    /** A transient failure (the file system did not answer) is retriable; anything else is a deployment problem. */
    static SinkException failure(String what, IOException e) {
        String reason = what + ": " + e.getClass().getSimpleName() + ": " + e.getMessage();
        if (e instanceof ConnectException || e instanceof SocketTimeoutException || e instanceof UnknownHostException) {
            return new RetriableSinkException(reason, e);
        }
        return new ConfigException(reason, e);
    }

    @Override
    public String endpoint() {
        return config.path();
    }

    @Override
    public String toString() {
        return "FilesSink{" + config + "}";
    }
}
