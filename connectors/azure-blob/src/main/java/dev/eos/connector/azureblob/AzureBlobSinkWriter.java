package dev.eos.connector.azureblob;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.options.BlockBlobCommitBlockListOptions;
import com.azure.storage.blob.options.BlockBlobSimpleUploadOptions;
import com.azure.storage.blob.specialized.BlockBlobClient;
import dev.eos.connector.azurecommon.ObjectSinkWriter;
import dev.eos.connector.azurecommon.ObjectWriterSettings;
import dev.eos.spi.RetriableSinkException;
import dev.eos.spi.WriteContext;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executor;

/**
 * Writes one partition of one batch as block blobs. An object up to {@code block-size} is one Put Blob; a larger
 * one is staged as blocks and made visible by one Put Block List. Both carry {@code If-None-Match: *} and the
 * content hash in the metadata, so a reader sees a whole object or none, and a replay finds what it wrote.
 */
final class AzureBlobSinkWriter extends ObjectSinkWriter {

    private final BlobContainerClient container;

    AzureBlobSinkWriter(BlobContainerClient container, WriteContext context, ObjectWriterSettings settings,
                        Executor uploads, String authKey) {
        super(context, settings, uploads, authKey);
        this.container = container;
    }

    @Override
    protected ObjectUpload startUpload(String path, String contentType) {
        return new BlockBlobUpload(container.getBlobClient(path).getBlockBlobClient(), contentType);
    }

    @Override
    protected Optional<String> storedSha256(String path) {
        return storedSha256(() -> container.getBlobClient(path).getProperties().getMetadata());
    }

    @Override
    protected String target() {
        return "container=" + container.getBlobContainerName();
    }

    private static final class BlockBlobUpload implements ObjectUpload {
        private final BlockBlobClient blob;
        private final BlobHttpHeaders headers;
        private final String blockPrefix = UUID.randomUUID().toString();
        private final List<String> blocks = new ArrayList<>();
        private byte[] single;

        BlockBlobUpload(BlockBlobClient blob, String contentType) {
            this.blob = blob;
            this.headers = new BlobHttpHeaders().setContentType(contentType);
        }

        @Override
        public void append(byte[] data, int length) {
            String id = Base64.getEncoder().encodeToString(
                    (blockPrefix + String.format("-%06d", blocks.size())).getBytes(StandardCharsets.UTF_8));
            blob.stageBlock(id, BinaryData.fromBytes(length == data.length ? data : java.util.Arrays.copyOf(data, length)));
            blocks.add(id);
        }

        @Override
        public boolean publishIfAbsent(byte[] data, int length, String sha256) {
            if (blocks.isEmpty()) {
                single = length == data.length ? data : java.util.Arrays.copyOf(data, length);
            } else if (length > 0) {
                append(data, length);
            }
            try {
                put(sha256, new BlobRequestConditions().setIfNoneMatch("*"));
                return true;
            } catch (BlobStorageException e) {
                if (e.getStatusCode() == 409 || e.getStatusCode() == 412
                        || BlobErrorCode.INVALID_BLOCK_LIST.equals(e.getErrorCode())) {
                    return false;
                }
                throw e;
            }
        }

        @Override
        public void publishReplacing(String sha256) {
            try {
                put(sha256, null);
            } catch (BlobStorageException e) {
                if (BlobErrorCode.INVALID_BLOCK_LIST.equals(e.getErrorCode())) {
                    throw new RetriableSinkException("The staged blocks of \"" + blob.getBlobName()
                            + "\" were discarded by a concurrent write of the same object; replay the partition", e);
                }
                throw e;
            }
        }

        private void put(String sha256, BlobRequestConditions conditions) {
            Map<String, String> metadata = Map.of(HASH_METADATA, sha256);
            if (single != null) {
                blob.uploadWithResponse(new BlockBlobSimpleUploadOptions(BinaryData.fromBytes(single))
                        .setHeaders(headers).setMetadata(metadata).setRequestConditions(conditions), null, Context.NONE);
            } else {
                blob.commitBlockListWithResponse(new BlockBlobCommitBlockListOptions(blocks)
                        .setHeaders(headers).setMetadata(metadata).setRequestConditions(conditions), null, Context.NONE);
            }
        }

        @Override
        public void discard() {
            // staged, uncommitted blocks are invisible; the service drops them at the next commit or within a week
        }
    }
}
