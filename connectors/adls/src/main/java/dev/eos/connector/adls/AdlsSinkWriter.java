package dev.eos.connector.adls;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.file.datalake.DataLakeFileClient;
import com.azure.storage.file.datalake.DataLakeFileSystemClient;
import com.azure.storage.file.datalake.models.DataLakeRequestConditions;
import com.azure.storage.file.datalake.models.DataLakeStorageException;
import com.azure.storage.file.datalake.models.PathHttpHeaders;
import com.azure.storage.file.datalake.options.DataLakeFileFlushOptions;
import com.azure.storage.file.datalake.options.DataLakePathCreateOptions;
import dev.eos.connector.azurecommon.ObjectSinkWriter;
import dev.eos.connector.azurecommon.ObjectWriterSettings;
import dev.eos.spi.WriteContext;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;

/**
 * Writes one partition of one batch as files. Each file is created under a hidden temporary name next to its
 * target ({@code .<name>.eos-<uuid>.tmp}; creating it creates the directories), appended, flushed and closed,
 * given the content hash as metadata, then renamed over the target with {@code If-None-Match: *}: with a
 * hierarchical namespace the rename is atomic, so a reader sees the whole file or none.
 */
final class AdlsSinkWriter extends ObjectSinkWriter {

    private final DataLakeFileSystemClient fileSystem;

    AdlsSinkWriter(DataLakeFileSystemClient fileSystem, WriteContext context, ObjectWriterSettings settings,
                   Executor uploads, String authKey) {
        super(context, settings, uploads, authKey);
        this.fileSystem = fileSystem;
    }

    /** The hidden temporary name a file is written under before it is renamed to {@code path}. */
    static String temporaryPath(String path) {
        int slash = path.lastIndexOf('/');
        return path.substring(0, slash + 1) + "." + path.substring(slash + 1) + ".eos-" + UUID.randomUUID() + ".tmp";
    }

    @Override
    protected ObjectUpload startUpload(String path, String contentType) {
        return new TemporaryFileUpload(fileSystem, path, contentType);
    }

    @Override
    protected Optional<String> storedSha256(String path) {
        return storedSha256(() -> fileSystem.getFileClient(path).getProperties().getMetadata());
    }

    @Override
    protected String target() {
        return "fileSystem=" + fileSystem.getFileSystemName();
    }

    private static final class TemporaryFileUpload implements ObjectUpload {
        private final String target;
        private final DataLakeFileClient temporary;
        private final PathHttpHeaders headers;
        private long position;
        private boolean created;
        private boolean flushed;
        private boolean renamed;

        TemporaryFileUpload(DataLakeFileSystemClient fileSystem, String target, String contentType) {
            this.target = target;
            this.temporary = fileSystem.getFileClient(temporaryPath(target));
            this.headers = new PathHttpHeaders().setContentType(contentType);
        }

        private void create(Map<String, String> metadata) {
            temporary.createWithResponse(new DataLakePathCreateOptions().setPathHttpHeaders(headers).setMetadata(metadata),
                    null, Context.NONE);
            created = true;
        }

        @Override
        public void append(byte[] data, int length) {
            if (!created) {
                create(null);
            }
            temporary.append(BinaryData.fromBytes(length == data.length ? data : Arrays.copyOf(data, length)), position);
            position += length;
        }

        @Override
        public boolean publishIfAbsent(byte[] data, int length, String sha256) {
            Map<String, String> metadata = Map.of(HASH_METADATA, sha256);
            boolean metadataAtCreate = !created;
            if (!created) {
                create(metadata);
            }
            if (length > 0) {
                append(data, length);
            }
            temporary.flushWithResponse(position, new DataLakeFileFlushOptions().setClose(true).setPathHttpHeaders(headers),
                    null, Context.NONE);
            flushed = true;
            if (!metadataAtCreate) {
                temporary.setMetadata(metadata);
            }
            try {
                rename(new DataLakeRequestConditions().setIfNoneMatch("*"));
                return true;
            } catch (DataLakeStorageException e) {
                if (e.getStatusCode() == 409 || e.getStatusCode() == 412) {
                    return false;
                }
                throw e;
            }
        }

        @Override
        public void publishReplacing(String sha256) {
            if (!flushed) {
                throw new IllegalStateException("publishIfAbsent first");
            }
            rename(null);
        }

        private void rename(DataLakeRequestConditions destination) {
            temporary.renameWithResponse(null, target, null, destination, null, Context.NONE);
            renamed = true;
        }

        @Override
        public void discard() {
            if (created && !renamed) {
                try {
                    temporary.delete();
                } catch (RuntimeException e) {
                    // a leftover hidden temporary file is harmless; readers of the directory skip dot files
                }
            }
        }
    }
}
