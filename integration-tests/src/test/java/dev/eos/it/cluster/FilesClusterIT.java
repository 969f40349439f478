package dev.eos.it.cluster;

import dev.eos.demo.crashloop.FilesSinkStateReader;
import dev.eos.demo.crashloop.SinkStateReader;

import java.nio.file.Path;
import java.util.Map;

/** The cluster faults with the files source and the files sink (one file per record, key = source file and line). */
class FilesClusterIT extends AbstractClusterIT {

    @Override
    protected Map<String, String> sinkProperties(Path workDir) {
        return Map.of("eos.sink", "files", "eos.sink.files.path", workDir.resolve("output").toString());
    }

    @Override
    protected SinkStateReader sinkState(Path workDir) {
        return FilesSinkStateReader.perRecord(workDir.resolve("output"));
    }
}
