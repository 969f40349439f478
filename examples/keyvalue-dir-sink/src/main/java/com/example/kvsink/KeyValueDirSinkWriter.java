package com.example.kvsink;

import dev.eos.spi.RetriableSinkException;
import dev.eos.spi.SinkDataException;
import dev.eos.spi.SinkRecord;
import dev.eos.spi.SinkWriter;
import dev.eos.spi.WriteResult;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.UUID;

/**
 * Writes each record to {@code <directory>/<escaped key>} when it is written: a hidden temporary file first, then an
 * atomic move over the target, so a reader sees the old value or the new one, never half a file. A target that
 * already holds the same bytes is left alone and counted as a duplicate; so replays, and two attempts racing, end
 * with one file per key holding the record's value.
 */
final class KeyValueDirSinkWriter implements SinkWriter {

    private final Path directory;
    private final int maxValueBytes;
    private final boolean fsync;
    private long written;
    private long duplicates;

    KeyValueDirSinkWriter(Path directory, int maxValueBytes, boolean fsync) {
        this.directory = directory;
        this.maxValueBytes = maxValueBytes;
        this.fsync = fsync;
    }

    @Override
    public void write(SinkRecord record) {
        byte[] value = record.value();
        if (value.length > maxValueBytes) {
            throw new SinkDataException(record, "value of " + value.length + " bytes exceeds max-value-bytes " + maxValueBytes);
        }
        Path target = directory.resolve(fileName(record.key()));
        try {
            if (holds(target, value)) {
                duplicates++;
                return;
            }
            Path temp = directory.resolve("." + UUID.randomUUID() + ".tmp");
            try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                out.write(ByteBuffer.wrap(value));
                if (fsync) {
                    out.force(true);
                }
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            written++;
        } catch (IOException e) {
            throw new RetriableSinkException("Writing " + target + " failed: " + e, e);
        }
    }

    @Override
    public WriteResult commit() {
        return WriteResult.of(written, duplicates);
    }

    @Override
    public void close() {
    }

    /**
     * The key, URL-encoded so it stays one file name in the directory; a leading '.' or '_' is encoded too, so no key
     * makes a hidden file, {@code .} or {@code ..}.
     */
    static String fileName(String key) {
        String name = URLEncoder.encode(key, StandardCharsets.UTF_8).replace("*", "%2A");
        if (name.startsWith(".")) {
            return "%2E" + name.substring(1);
        }
        if (name.startsWith("_")) {
            return "%5F" + name.substring(1);
        }
        return name;
    }

    private static boolean holds(Path target, byte[] value) throws IOException {
        try {
            return Files.size(target) == value.length && Arrays.equals(Files.readAllBytes(target), value);
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "KeyValueDirSinkWriter{" + directory + "}";
    }
}
