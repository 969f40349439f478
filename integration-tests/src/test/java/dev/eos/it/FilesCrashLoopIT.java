package dev.eos.it;

import dev.eos.demo.crashloop.FilesSinkStateReader;
import dev.eos.demo.crashloop.SinkStateReader;

import java.nio.file.Path;
import java.util.Map;

/**
 * The crash loop with the files source and the files sink (one file per record, key = source file and line): the job
 * dies at every crash point and at random moments, restarted from its checkpoint each time; the output directory
 * must end with exactly one file per event.
 */
class FilesCrashLoopIT extends AbstractCrashLoopIT {

    @Override
    protected Map<String, String> sinkProperties(Path workDir) {
        return Map.of("eos.sink", "files", "eos.sink.files.path", workDir.resolve("output").toString());
    }

    @Override
    protected SinkStateReader sinkState(Path workDir) {
        return FilesSinkStateReader.perRecord(workDir.resolve("output"));
    }
}
