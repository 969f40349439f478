package com.example.kvsink;

import dev.eos.spi.Config;
import dev.eos.spi.ConfigException;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;

import static com.example.kvsink.KeyValueDirSinkOptions.DIRECTORY;
import static com.example.kvsink.KeyValueDirSinkOptions.FSYNC;
import static com.example.kvsink.KeyValueDirSinkOptions.MAX_VALUE_BYTES;

/**
 * The {@code keyvalue-dir} sink's validated configuration: the typed values of its options.
 *
 * @param directoryKey the full key of {@link KeyValueDirSinkOptions#DIRECTORY}, for messages
 */
// tag::config[]
public record KeyValueDirSinkConfig(Path directory, String directoryKey, int maxValueBytes, boolean fsync) {

    /**
     * Reads the options and checks what one option alone cannot (here: the directory is a path). No I/O.
     *
     * @throws ConfigException with every problem found
     */
    public static KeyValueDirSinkConfig from(Config config) {
        String directory = config.get(DIRECTORY);
        Path path;
        try {
            path = Path.of(directory);
        } catch (InvalidPathException e) {
            throw new ConfigException(ConfigException.invalid(config.key(DIRECTORY), directory, "not a path: " + e.getReason()));
        }
        return new KeyValueDirSinkConfig(path, config.key(DIRECTORY), config.get(MAX_VALUE_BYTES), config.get(FSYNC));
    }
}
// end::config[]
