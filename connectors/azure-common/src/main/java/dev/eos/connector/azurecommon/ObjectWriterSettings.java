package dev.eos.connector.azurecommon;

import dev.eos.connector.support.PathTemplate;
import dev.eos.connector.support.WriteMode;

/**
 * How a sink's writers turn records into objects.
 *
 * @param template the object path
 * @param createOnly never replace an object; a different one at the path is a divergence error
 * @param blockSize bytes buffered before a part of an object is uploaded
 * @param concurrency objects one writer uploads at once in per-record mode
 */
public record ObjectWriterSettings(PathTemplate template, boolean createOnly, int blockSize, int concurrency) {

    public WriteMode mode() {
        return template.mode();
    }
}
