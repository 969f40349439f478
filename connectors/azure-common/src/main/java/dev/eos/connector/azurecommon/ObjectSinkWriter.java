package dev.eos.connector.azurecommon;

import dev.eos.connector.support.PathTemplate;
import dev.eos.connector.support.WriteMode;
import dev.eos.spi.SinkDataException;
import dev.eos.spi.SinkException;
import dev.eos.spi.SinkRecord;
import dev.eos.spi.SinkWriter;
import dev.eos.spi.WriteContext;
import dev.eos.spi.WriteResult;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Writes records as objects whose path comes from a {@link PathTemplate}, so that a replay finds the same paths;
 * a storage service supplies the three operations in {@link ObjectUpload} and {@link #storedSha256(String)}.
 *
 * <h2>Per object</h2>
 * <ol>
 *   <li>The bytes are uploaded invisibly (Blob: staged blocks; ADLS: a temporary file), in parts of
 *       {@code block-size}; the SHA-256 of the content goes into the object's metadata ({@value #HASH_METADATA}).</li>
 *   <li>The object is published only if none is at the path ({@code If-None-Match: *}): a reader sees the whole
 *       object or none.</li>
 *   <li>When one is there, its stored hash is compared: equal means this write is a replay (the records count as
 *       duplicates); different means overwrite with this content, or, with {@code create-only}, a
 *       {@link ContentDivergenceException} naming both hashes.</li>
 * </ol>
 *
 * <h2>Modes</h2>
 * Per record, each record's object is uploaded as soon as it is written, up to {@code concurrency} at once; a
 * record whose path is invalid, or that the service refuses with a 4xx, is rejected as a data error. Per batch, the
 * partition's records are appended as {@link JsonLines} to one object, published at {@link #commit()}.
 *
 * <p>Used by one thread at a time (the per-record uploads run on the sink's executor).
 */
public abstract class ObjectSinkWriter implements SinkWriter {

    /** The metadata entry holding the hex SHA-256 of an object's content. */
    public static final String HASH_METADATA = "eos_sha256";
    public static final String PER_RECORD_CONTENT_TYPE = "application/octet-stream";
    public static final String PER_BATCH_CONTENT_TYPE = "application/x-ndjson";

    /** One object being uploaded, invisible until published. */
    protected interface ObjectUpload {
        /** Uploads the next part of the object; readers do not see it. */
        void append(byte[] data, int length);

        /**
         * Uploads the last part (possibly empty) and makes the object visible at its path with the hash in its
         * metadata, only if no object is there.
         *
         * @return false when an object was already at the path (nothing was changed)
         */
        boolean publishIfAbsent(byte[] data, int length, String sha256);

        /** After {@link #publishIfAbsent} returned false: replaces the object at the path with this one. */
        void publishReplacing(String sha256);

        /** Removes what was uploaded and not published; never throws. */
        void discard();
    }

    private final WriteContext context;
    private final ObjectWriterSettings settings;
    private final Executor executor;
    private final String authKey;
    private final Semaphore inFlight;
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final List<WriteResult.RejectedRecord> rejected = Collections.synchronizedList(new ArrayList<>());
    private final AtomicReference<SinkException> failure = new AtomicReference<>();

    private final String batchPath;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private final MessageDigest batchDigest;
    private ObjectUpload batchUpload;
    private long batchRecords;
    private boolean finished;

    /**
     * @param executor runs per-record uploads; shared by the sink's writers
     * @param authKey the option that authenticates, for messages
     */
    protected ObjectSinkWriter(WriteContext context, ObjectWriterSettings settings, Executor executor, String authKey) {
        this.context = context;
        this.settings = settings;
        this.executor = executor;
        this.authKey = authKey;
        this.inFlight = new Semaphore(settings.concurrency());
        this.batchDigest = sha256();
        if (settings.mode() == WriteMode.PER_BATCH) {
            try {
                this.batchPath = settings.template().render(context);
            } catch (PathTemplate.InvalidPathException e) {
                throw new SinkException("The path template \"" + settings.template() + "\" gives no valid path for batch "
                        + context.batchTime() + " partition " + context.partition() + ": " + e.getMessage());
            }
        } else {
            this.batchPath = null;
        }
    }

    /** Starts the upload of an object to {@code path}, invisible until published. */
    protected abstract ObjectUpload startUpload(String path, String contentType);

    /** The {@value #HASH_METADATA} of the object at {@code path}; empty when it has none or there is no object. */
    protected abstract Optional<String> storedSha256(String path);

    /** Where this writer writes, for {@link #toString()}: {@code container=events}. */
    protected abstract String target();

    /**
     * The {@value #HASH_METADATA} in the metadata read by {@code readMetadata} (an SDK call on one object); empty when
     * the object has none or the service answers 404.
     */
    protected static Optional<String> storedSha256(Supplier<Map<String, String>> readMetadata) {
        try {
            return Optional.ofNullable(readMetadata.get().get(HASH_METADATA));
        } catch (RuntimeException e) {
            if (AzureErrors.status(e) == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public void write(SinkRecord record) {
        throwIfFailed();
        if (settings.mode() == WriteMode.PER_BATCH) {
            appendLine(record);
            return;
        }
        String path;
        try {
            path = settings.template().render(record, context);
        } catch (PathTemplate.InvalidPathException e) {
            throw new SinkDataException(record, "No valid object path from template \"" + settings.template() + "\": "
                    + e.getMessage());
        }
        byte[] value = record.value();
        inFlight.acquireUninterruptibly();
        try {
            executor.execute(() -> {
                try {
                    storeRecord(record, path, value);
                } finally {
                    inFlight.release();
                }
            });
        } catch (RejectedExecutionException e) {
            inFlight.release();
            throw new SinkException("The sink is closed; cannot write " + record, e);
        }
    }

    private void storeRecord(SinkRecord record, String path, byte[] value) {
        try {
            ObjectUpload upload = startUpload(path, PER_RECORD_CONTENT_TYPE);
            int block = settings.blockSize();
            int offset = 0;
            while (value.length - offset > block) {
                byte[] part = Arrays.copyOfRange(value, offset, offset + block);
                upload.append(part, part.length);
                offset += block;
            }
            byte[] last = offset == 0 ? value : Arrays.copyOfRange(value, offset, value.length);
            publish(path, upload, last, last.length, hex(sha256().digest(value)), 1, record);
        } catch (SinkDataException e) {
            rejected.add(new WriteResult.RejectedRecord(record, e.getMessage()));
        } catch (SinkException e) {
            failure.compareAndSet(null, e);
        } catch (RuntimeException e) {
            failure.compareAndSet(null, AzureErrors.translate(e, "Writing", path, null, authKey));
        }
    }

    private void appendLine(SinkRecord record) {
        byte[] line = JsonLines.line(record);
        buffer.writeBytes(line);
        batchDigest.update(line);
        batchRecords++;
        if (buffer.size() >= settings.blockSize()) {
            try {
                if (batchUpload == null) {
                    batchUpload = startUpload(batchPath, PER_BATCH_CONTENT_TYPE);
                }
                batchUpload.append(buffer.toByteArray(), buffer.size());
            } catch (RuntimeException e) {
                throw AzureErrors.translate(e, "Uploading a part of", batchPath, null, authKey);
            }
            buffer.reset();
        }
    }

    /** Publishes an uploaded object following the class's rules; counts its records. */
    private void publish(String path, ObjectUpload upload, byte[] last, int length, String sha256, long records,
                         SinkRecord record) {
        try {
            if (upload.publishIfAbsent(last, length, sha256)) {
                written.addAndGet(records);
                return;
            }
            Optional<String> stored = storedSha256(path);
            if (stored.isPresent() && stored.get().equals(sha256)) {
                upload.discard();
                duplicates.addAndGet(records);
                return;
            }
            if (settings.createOnly()) {
                upload.discard();
                throw new ContentDivergenceException(path, stored.orElse("none"), sha256);
            }
            upload.publishReplacing(sha256);
            written.addAndGet(records);
        } catch (RuntimeException e) {
            upload.discard();
            throw AzureErrors.translate(e, "Writing", path, record, authKey);
        }
    }

    @Override
    public WriteResult commit() {
        if (finished) {
            throw new IllegalStateException("commit() was already called");
        }
        finished = true;
        if (settings.mode() == WriteMode.PER_RECORD) {
            awaitUploads();
            throwIfFailed();
        } else if (batchRecords > 0) {
            ObjectUpload upload;
            try {
                upload = batchUpload != null ? batchUpload : startUpload(batchPath, PER_BATCH_CONTENT_TYPE);
            } catch (RuntimeException e) {
                throw AzureErrors.translate(e, "Writing", batchPath, null, authKey);
            }
            batchUpload = null;
            publish(batchPath, upload, buffer.toByteArray(), buffer.size(), hex(batchDigest.digest()), batchRecords, null);
            buffer.reset();
        }
        return new WriteResult(written.get(), duplicates.get(), List.copyOf(rejected));
    }

    @Override
    public void close() {
        finished = true;
        awaitUploads();
        if (batchUpload != null) {
            batchUpload.discard();
            batchUpload = null;
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "{" + target() + ", batch=" + context.batchTime() + ", partition="
                + context.partition() + ", attempt=" + context.attempt() + "}";
    }

    private void awaitUploads() {
        inFlight.acquireUninterruptibly(settings.concurrency());
        inFlight.release(settings.concurrency());
    }

    private void throwIfFailed() {
        SinkException e = failure.get();
        if (e != null) {
            throw e;
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] digest) {
        return HexFormat.of().formatHex(digest);
    }
}
