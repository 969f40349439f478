package dev.eos.connector.files;

import com.google.auto.service.AutoService;
import dev.eos.spi.ConfigSpec;
import dev.eos.spi.Sink;
import dev.eos.spi.Config;
import dev.eos.spi.SinkProvider;

/** The {@code files} sink: overwrite-by-path on a local or Hadoop file system. */
@AutoService(SinkProvider.class)
public final class FilesSinkProvider implements SinkProvider {

    @Override
    public String name() {
        return "files";
    }

    @Override
    public String description() {
        return "Files on a local or Hadoop file system (hdfs, abfs, wasb), overwritten by path";
    }

    @Override
    public ConfigSpec configSpec() {
        return FilesSinkOptions.SPEC;
    }

    @Override
    public Sink create(Config config) {
        return new FilesSink(FilesSinkConfig.from(config));
    }
}
