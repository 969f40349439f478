package dev.eos.connector.adls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eos.testkit.StoredRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A fresh file system on the shared {@link AdlsDfsEndpointDouble}, the sink's properties for it, and what it holds. */
final class AdlsTestTarget {

    static final String PREFIX = "eos.sink.adls.";
    /** Azurite's well-known development key; the double accepts any signature. */
    static final String KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static AdlsDfsEndpointDouble shared;

    final AdlsDfsEndpointDouble dfs = sharedDouble();
    final String fileSystem = "fs" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);

    private static synchronized AdlsDfsEndpointDouble sharedDouble() {
        if (shared == null) {
            try {
                shared = AdlsDfsEndpointDouble.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            AdlsDfsEndpointDouble started = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close));
        }
        return shared;
    }

    Map<String, String> properties(String mode, String template) {
        Map<String, String> props = new HashMap<>();
        props.put(PREFIX + "endpoint", dfs.endpoint());
        props.put(PREFIX + "account-name", AdlsDfsEndpointDouble.ACCOUNT);
        props.put(PREFIX + "account-key", KEY);
        props.put(PREFIX + "file-system", fileSystem);
        props.put(PREFIX + "create-file-system", "true");
        props.put(PREFIX + "mode", mode);
        props.put(PREFIX + "path-template", template);
        props.put(PREFIX + "retry.max-tries", "2");
        props.put(PREFIX + "retry.delay", "100ms");
        return props;
    }

    /** The visible files: every path without a hidden (dot) segment. */
    Map<String, byte[]> visibleFiles() {
        Map<String, byte[]> out = new HashMap<>(dfs.files(fileSystem));
        out.keySet().removeIf(AdlsTestTarget::hidden);
        return out;
    }

    static boolean hidden(String path) {
        return Arrays.stream(path.split("/")).anyMatch(s -> s.startsWith("."));
    }

    List<StoredRecord> perRecord(String prefix, String suffix) {
        List<StoredRecord> out = new ArrayList<>();
        visibleFiles().forEach((name, content) -> out.add(new StoredRecord(
                name.substring(prefix.length(), name.length() - suffix.length()), new String(content, StandardCharsets.UTF_8))));
        return out;
    }

    List<StoredRecord> perBatch() {
        List<StoredRecord> out = new ArrayList<>();
        visibleFiles().values().forEach(content -> out.addAll(lines(new String(content, StandardCharsets.UTF_8))));
        return out;
    }

    static List<StoredRecord> lines(String content) {
        List<StoredRecord> out = new ArrayList<>();
        for (String line : content.split("\n")) {
            try {
                JsonNode node = JSON.readTree(line);
                out.add(new StoredRecord(node.get("key").asText(), node.get("value").asText()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }
}
