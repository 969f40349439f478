package dev.eos.connector.azureblob;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.blob.models.BlobItem;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.eos.connector.azurecommon.Azurite;
import dev.eos.testkit.StoredRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A fresh container on the shared Azurite, the sink's properties for it, and what it holds. */
final class BlobTestTarget {

    static final String PREFIX = "eos.sink.azure-blob.";
    private static final ObjectMapper JSON = new ObjectMapper();

    final Azurite azurite = Azurite.shared();
    final String container = "c" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    final BlobContainerClient client = new BlobServiceClientBuilder()
            .connectionString(azurite.connectionString()).buildClient().getBlobContainerClient(container);

    /** Account name, key and the emulator's endpoint; the container is created by the sink's preflight. */
    Map<String, String> accountKeyProperties(String mode, String template) {
        return Map.of(PREFIX + "endpoint", azurite.blobEndpoint(),
                PREFIX + "account-name", Azurite.ACCOUNT,
                PREFIX + "account-key", Azurite.ACCOUNT_KEY,
                PREFIX + "container", container,
                PREFIX + "create-container", "true",
                PREFIX + "mode", mode,
                PREFIX + "path-template", template,
                PREFIX + "retry.max-tries", "2",
                PREFIX + "retry.delay", "100ms");
    }

    Map<String, String> connectionStringProperties(String mode, String template) {
        return Map.of(PREFIX + "connection-string", azurite.connectionString(),
                PREFIX + "container", container,
                PREFIX + "create-container", "true",
                PREFIX + "mode", mode,
                PREFIX + "path-template", template,
                PREFIX + "retry.max-tries", "2",
                PREFIX + "retry.delay", "100ms");
    }

    List<String> names() {
        return client.listBlobs().stream().map(BlobItem::getName).sorted().toList();
    }

    String content(String name) {
        return client.getBlobClient(name).downloadContent().toString();
    }

    Map<String, String> metadata(String name) {
        return client.getBlobClient(name).getProperties().getMetadata();
    }

    /** Per-record objects under {@code prefix}: the key is the name without the prefix and suffix. */
    List<StoredRecord> perRecord(String prefix, String suffix) {
        List<StoredRecord> out = new ArrayList<>();
        for (String name : names()) {
            String key = name.substring(prefix.length(), name.length() - suffix.length());
            out.add(new StoredRecord(key, content(name)));
        }
        return out;
    }

    /** Every line of every per-batch object. */
    List<StoredRecord> perBatch() {
        List<StoredRecord> out = new ArrayList<>();
        for (String name : names()) {
            for (String line : content(name).split("\n")) {
                out.add(parseLine(line));
            }
        }
        return out;
    }

    static StoredRecord parseLine(String line) {
        try {
            JsonNode node = JSON.readTree(line);
            return new StoredRecord(node.get("key").asText(), node.get("value").asText());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String utf8(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
