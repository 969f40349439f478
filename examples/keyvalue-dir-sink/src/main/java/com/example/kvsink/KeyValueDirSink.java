package com.example.kvsink;

import dev.eos.spi.Sink;
import dev.eos.spi.ConfigException;
import dev.eos.spi.SinkWriter;
import dev.eos.spi.WriteContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A directory of key files. Holds no resources; thread-safe because it is immutable. */
final class KeyValueDirSink implements Sink {

    private final Path directory;
    private final String directoryKey;
    private final int maxValueBytes;
    private final boolean fsync;

    KeyValueDirSink(KeyValueDirSinkConfig config) {
        this.directory = config.directory().toAbsolutePath();
        this.directoryKey = config.directoryKey();
        this.maxValueBytes = config.maxValueBytes();
        this.fsync = config.fsync();
    }

    /** The directory exists or can be created, and a file can be created in it. */
    @Override
    public void preflight() {
        try {
            Files.createDirectories(directory);
            Path probe = Files.createTempFile(directory, ".preflight-", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            throw new ConfigException("Directory " + directory + " (" + directoryKey + ") is not writable: " + e, e);
        }
    }

    @Override
    public SinkWriter open(WriteContext context) {
        return new KeyValueDirSinkWriter(directory, maxValueBytes, fsync);
    }

    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return "KeyValueDirSink{" + directory + "}";
    }
}
