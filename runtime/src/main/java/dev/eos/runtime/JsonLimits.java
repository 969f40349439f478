package dev.eos.runtime;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eos.runtime.config.JobOptions;
import dev.eos.spi.Config;

import java.io.Serializable;

/**
 * The size limits a JSON event ({@code eos.format=json}) must stay within, {@code eos.json.*}: Jackson's
 * {@link StreamReadConstraints}, with Jackson's defaults unless the job sets them. An event over a limit is a bad
 * record whose reason names the limit.
 *
 * @param maxStringLength longest string value, in characters ({@code eos.json.max-string-length})
 * @param maxNumberLength longest number, in characters ({@code eos.json.max-number-length})
 * @param maxNestingDepth deepest nesting of objects and arrays ({@code eos.json.max-nesting-depth})
 * @param maxNameLength longest member name, in characters ({@code eos.json.max-name-length})
 */
record JsonLimits(int maxStringLength, int maxNumberLength, int maxNestingDepth, int maxNameLength)
        implements Serializable {

    /** Jackson's own defaults. */
    static final JsonLimits DEFAULTS = new JsonLimits(StreamReadConstraints.DEFAULT_MAX_STRING_LEN,
            StreamReadConstraints.DEFAULT_MAX_NUM_LEN, StreamReadConstraints.DEFAULT_MAX_DEPTH,
            StreamReadConstraints.DEFAULT_MAX_NAME_LEN);

    /** From the job's validated keys. */
    static JsonLimits of(Config job) {
        return new JsonLimits(job.get(JobOptions.JSON_MAX_STRING_LENGTH), job.get(JobOptions.JSON_MAX_NUMBER_LENGTH),
                job.get(JobOptions.JSON_MAX_NESTING_DEPTH), job.get(JobOptions.JSON_MAX_NAME_LENGTH));
    }

    /** A mapper that enforces these limits. */
    ObjectMapper mapper() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxStringLength(maxStringLength)
                        .maxNumberLength(maxNumberLength)
                        .maxNestingDepth(maxNestingDepth)
                        .maxNameLength(maxNameLength)
                        .build())
                .build();
        return new ObjectMapper(factory);
    }
}
