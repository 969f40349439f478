package dev.eos.connector.azurecommon;

import dev.eos.spi.SinkException;

/**
 * With {@code create-only}, an object already at a path holds different content than this write: the source
 * replayed different data for the same records (or something else wrote there). The object is left as it was;
 * the attempt fails, naming the path and both content hashes.
 */
public class ContentDivergenceException extends SinkException {

    private final String path;
    private final String storedSha256;
    private final String writtenSha256;

    public ContentDivergenceException(String path, String storedSha256, String writtenSha256) {
        super("Divergence at \"" + path + "\": the stored object's content has sha256 " + storedSha256
                + " but this write has sha256 " + writtenSha256 + "; create-only is on, so the object was not "
                + "replaced. The source replayed different data for the same records, or something else wrote "
                + "this path.");
        this.path = path;
        this.storedSha256 = storedSha256;
        this.writtenSha256 = writtenSha256;
    }

    public String path() {
        return path;
    }

    /** The hash in the stored object's metadata, or {@code none} when it has none. */
    public String storedSha256() {
        return storedSha256;
    }

    public String writtenSha256() {
        return writtenSha256;
    }
}
