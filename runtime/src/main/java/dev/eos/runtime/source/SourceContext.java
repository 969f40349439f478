package dev.eos.runtime.source;

import dev.eos.spi.Config;

import java.util.Map;

/**
 * What a source is created with.
 *
 * @param options the source's validated options (under {@code eos.source.<name>.})
 * @param jobProperties every {@code eos.*} key of the job, for settings a source derives from the job (the
 *     application name as a consumer group, the checkpoint directory)
 */
public record SourceContext(Config options, Map<String, String> jobProperties) {

    public SourceContext {
        jobProperties = Map.copyOf(jobProperties);
    }
}
