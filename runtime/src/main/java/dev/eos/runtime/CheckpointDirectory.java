package dev.eos.runtime;

import dev.eos.runtime.config.JobOptions;
import dev.eos.spi.ConfigException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.ParentNotDirectoryException;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.UnsupportedFileSystemException;
import org.apache.hadoop.security.AccessControlException;
import org.apache.hadoop.security.UserGroupInformation;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.util.Locale;
import java.util.UUID;

/**
 * Checks {@code eos.checkpoint.dir} the way the job uses it, through Hadoop's {@link FileSystem} for its URI: it is
 * (or can be created as) a directory, and a file can be written in it. What the check creates, it removes: the
 * directory itself when it did not exist, and its probe file. Each problem is one sentence naming the key; a
 * permission problem says so, with the user.
 */
final class CheckpointDirectory {

    private static final String KEY = JobOptions.PREFIX + JobOptions.CHECKPOINT_DIR.name();

    private CheckpointDirectory() {
    }

    /**
     * @throws ConfigException when the directory cannot serve as the checkpoint
     */
    static void check(String dir, org.apache.spark.SparkConf spark) {
        check(dir, hadoopConfiguration(spark));
    }

    /** Hadoop's configuration as the job's Spark context will have it: the defaults plus {@code spark.hadoop.*}. */
    static Configuration hadoopConfiguration(org.apache.spark.SparkConf spark) {
        Configuration hadoop = new Configuration();
        for (scala.Tuple2<String, String> entry : spark.getAll()) {
            if (entry._1().startsWith("spark.hadoop.")) {
                hadoop.set(entry._1().substring("spark.hadoop.".length()), entry._2());
            }
        }
        return hadoop;
    }

    /**
     * @throws ConfigException when the directory cannot serve as the checkpoint
     */
    static void check(String dir, Configuration hadoop) {
        String problem = problem(dir, hadoop);
        if (problem != null) {
            throw new ConfigException(ConfigException.invalid(KEY, dir, problem));
        }
    }

    /** The reason the directory cannot serve, or null when it can. */
    static String problem(String dir, Configuration hadoop) {
        Path path;
        FileSystem fs;
        try {
            path = new Path(dir);
            fs = path.getFileSystem(hadoop);
        } catch (IllegalArgumentException e) {
            return "not a valid path or URI: " + e.getMessage();
        } catch (UnsupportedFileSystemException e) {
            return "no Hadoop file system for its scheme (" + e.getMessage() + "); is the file system's jar on the "
                    + "class path?";
        } catch (IOException e) {
            return "its file system cannot be reached: " + describe(e);
        }
        Path created = null;
        try {
            Path existing = path;
            while (existing != null && !fs.exists(existing)) {
                created = existing;
                existing = existing.getParent();
            }
            if (existing != null && !fs.getFileStatus(existing).isDirectory()) {
                return existing.equals(path) ? "it is a file, not a directory"
                        : "it cannot be created: " + existing + " is a file, not a directory";
            }
            if (created != null && !fs.mkdirs(path)) {
                return "it cannot be created in " + existing + (denied(fs, existing) ? ": permission denied for user "
                        + user() : " (the file system refused; check its permissions)");
            }
            Path probe = new Path(path, ".eos-validate-" + UUID.randomUUID());
            fs.create(probe, false).close();
            fs.delete(probe, false);
            return null;
        } catch (AccessControlException | AccessDeniedException e) {
            return "permission denied for user " + user() + ": " + firstLine(e.getMessage());
        } catch (ParentNotDirectoryException | FileAlreadyExistsException e) {
            return "it cannot be created: " + firstLine(e.getMessage());
        } catch (FileNotFoundException e) {
            String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
            return message.contains("permission denied") ? "permission denied for user " + user() + ": "
                    + firstLine(e.getMessage()) : "it cannot be written: " + firstLine(e.getMessage());
        } catch (IOException e) {
            String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
            return message.contains("permission denied") ? "permission denied for user " + user() + ": "
                    + firstLine(e.getMessage()) : "it cannot be written: " + describe(e);
        } finally {
            if (created != null) {
                try {
                    fs.delete(created, true);
                } catch (IOException ignored) {
                    // the check leaves at worst an empty directory that the job would have created anyway
                }
            }
        }
    }

    /** Whether the local file system denies writing in {@code dir} (other file systems throw instead). */
    private static boolean denied(FileSystem fs, Path dir) {
        if (dir == null || !"file".equals(fs.getUri().getScheme())) {
            return false;
        }
        java.nio.file.Path local = java.nio.file.Path.of(dir.toUri().getPath());
        return !java.nio.file.Files.isWritable(local) || !java.nio.file.Files.isExecutable(local);
    }

    private static String user() {
        try {
            return UserGroupInformation.getCurrentUser().getShortUserName();
        } catch (IOException e) {
            return System.getProperty("user.name");
        }
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + firstLine(root.getMessage());
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
