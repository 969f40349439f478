package dev.eos.connector.adls;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A test double standing in for the dfs endpoint of an ADLS Gen2 account with a hierarchical namespace, which no
 * emulator here serves (Azurite answers the dfs operations with HTTP 400). It implements, in memory, the part of
 * the published Data Lake Storage Gen2 REST API the {@code adls} sink uses, and the few Blob-endpoint calls the
 * Data Lake SDK routes there for the same account:
 * <ul>
 *   <li>Path - Create {@code PUT ?resource=file} (with {@code x-ms-properties} and {@code If-None-Match}), which
 *       creates the missing parent directories;</li>
 *   <li>Path - Update {@code PATCH ?action=append&position=N} (data kept uncommitted) and
 *       {@code ?action=flush&position=N} (commits exactly the appended length, else 400 InvalidFlushPosition);</li>
 *   <li>Path - Create with {@code x-ms-rename-source} (rename): atomic under one lock, replaces the destination unless
 *       {@code If-None-Match: *} (then 409 PathAlreadyExists), 404 when the source is missing or the destination's
 *       parent directory does not exist;</li>
 *   <li>Path - Delete; Blob Get Properties ({@code HEAD}, metadata as {@code x-ms-meta-*}; the JDK server sends
 *       {@code Content-Length: 0} for HEAD), Set Blob Metadata ({@code ?comp=metadata}); Create Container and Get
 *       Container Properties ({@code ?restype=container}) for the file system.</li>
 * </ul>
 * Not implemented: authorization (any signature is accepted), leases, ACLs, listing, reads of ranges, ETag
 * conditions other than {@code If-None-Match: *}. Anything else is answered 501 and recorded in
 * {@link #unsupportedRequests()}. Built on the JDK's {@code com.sun.net.httpserver}; thread-safe.
 */
public final class AdlsDfsEndpointDouble implements AutoCloseable {

    public static final String ACCOUNT = "devstoreaccount1";
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME;

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(8);
    private final Object lock = new Object();
    private final Set<String> fileSystems = new HashSet<>();
    private final Set<String> directories = new HashSet<>();
    private final Map<String, StoredFile> files = new HashMap<>();
    private final List<String> unsupported = new ArrayList<>();
    private final AtomicLong etags = new AtomicLong();

    private AdlsDfsEndpointDouble(HttpServer server) {
        this.server = server;
    }

    /** Starts the double on a free port of the loopback interface. */
    public static AdlsDfsEndpointDouble start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        AdlsDfsEndpointDouble endpoint = new AdlsDfsEndpointDouble(server);
        server.createContext("/", endpoint::handle);
        server.setExecutor(endpoint.threads);
        server.start();
        return endpoint;
    }

    /** The account's endpoint, path-style as for an emulator: {@code http://127.0.0.1:<port>/devstoreaccount1}. */
    public String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + ACCOUNT;
    }

    /** The flushed files of a file system, path to content; hidden (dot) files too. */
    public Map<String, byte[]> files(String fileSystem) {
        synchronized (lock) {
            Map<String, byte[]> out = new TreeMap<>();
            files.forEach((key, file) -> {
                if (key.startsWith(fileSystem + "/") && file.committed != null) {
                    out.put(key.substring(fileSystem.length() + 1), file.committed.clone());
                }
            });
            return out;
        }
    }

    /** A file's metadata, or null when there is no such file. */
    public Map<String, String> metadata(String fileSystem, String path) {
        synchronized (lock) {
            StoredFile file = files.get(fileSystem + "/" + path);
            return file == null ? null : Map.copyOf(file.metadata);
        }
    }

    /** Requests the double does not implement, as {@code METHOD path?query}. */
    public List<String> unsupportedRequests() {
        synchronized (lock) {
            return List.copyOf(unsupported);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            URI uri = exchange.getRequestURI();
            String rawPath = uri.getRawPath();
            String prefix = "/" + ACCOUNT + "/";
            if (!rawPath.startsWith(prefix)) {
                respond(exchange, 400, "InvalidUri", "not under /" + ACCOUNT);
                return;
            }
            String path = decode(rawPath.substring(prefix.length()));
            Map<String, String> query = query(uri.getRawQuery());
            String method = exchange.getRequestMethod();
            int slash = path.indexOf('/');
            String fileSystem = slash < 0 ? path : path.substring(0, slash);
            String file = slash < 0 ? "" : path.substring(slash + 1);
            synchronized (lock) {
                if (file.isEmpty() && "container".equals(query.get("restype"))) {
                    fileSystem(exchange, method, fileSystem);
                } else if (method.equals("PUT") && exchange.getRequestHeaders().containsKey("x-ms-rename-source")) {
                    rename(exchange, fileSystem, file);
                } else if (method.equals("PUT") && "file".equals(query.get("resource"))) {
                    create(exchange, fileSystem, file);
                } else if (method.equals("PATCH") && "append".equals(query.get("action"))) {
                    append(exchange, fileSystem + "/" + file, Long.parseLong(query.get("position")), body);
                } else if (method.equals("PATCH") && "flush".equals(query.get("action"))) {
                    flush(exchange, fileSystem + "/" + file, Long.parseLong(query.get("position")));
                } else if (method.equals("PUT") && "metadata".equals(query.get("comp"))) {
                    setMetadata(exchange, fileSystem + "/" + file);
                } else if (method.equals("HEAD") && !file.isEmpty()) {
                    properties(exchange, fileSystem + "/" + file);
                } else if (method.equals("DELETE") && !file.isEmpty()) {
                    StoredFile removed = files.remove(fileSystem + "/" + file);
                    respond(exchange, removed == null ? 404 : 200, removed == null ? "PathNotFound" : null, "delete");
                } else {
                    unsupported.add(method + " " + rawPath + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
                    respond(exchange, 501, "NotImplementedByDouble", method + " " + rawPath);
                }
            }
        }
    }

    private void fileSystem(HttpExchange exchange, String method, String fileSystem) throws IOException {
        boolean exists = fileSystems.contains(fileSystem);
        switch (method) {
            case "PUT" -> {
                if (exists) {
                    respond(exchange, 409, "ContainerAlreadyExists", fileSystem);
                } else {
                    fileSystems.add(fileSystem);
                    withEtag(exchange);
                    respond(exchange, 201, null, null);
                }
            }
            case "GET", "HEAD" -> {
                if (exists) {
                    withEtag(exchange);
                }
                respond(exchange, exists ? 200 : 404, exists ? null : "ContainerNotFound", fileSystem);
            }
            default -> respond(exchange, 501, "NotImplementedByDouble", method);
        }
    }

    private void create(HttpExchange exchange, String fileSystem, String path) throws IOException {
        if (!fileSystems.contains(fileSystem)) {
            respond(exchange, 404, "FilesystemNotFound", fileSystem);
            return;
        }
        String key = fileSystem + "/" + path;
        if ("*".equals(exchange.getRequestHeaders().getFirst("If-None-Match")) && files.containsKey(key)) {
            respond(exchange, 409, "PathAlreadyExists", path);
            return;
        }
        StoredFile created = new StoredFile();
        created.metadata.putAll(properties(exchange.getRequestHeaders().getFirst("x-ms-properties")));
        files.put(key, created);
        for (int i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) {
            directories.add(fileSystem + "/" + path.substring(0, i));
        }
        withEtag(exchange);
        respond(exchange, 201, null, null);
    }

    private void append(HttpExchange exchange, String key, long position, byte[] body) throws IOException {
        StoredFile file = files.get(key);
        if (file == null) {
            respond(exchange, 404, "PathNotFound", key);
        } else if (position != file.uncommitted.size()) {
            respond(exchange, 400, "InvalidFlushPosition", "append at " + position + ", length " + file.uncommitted.size());
        } else {
            file.uncommitted.writeBytes(body);
            respond(exchange, 202, null, null);
        }
    }

    private void flush(HttpExchange exchange, String key, long position) throws IOException {
        StoredFile file = files.get(key);
        if (file == null) {
            respond(exchange, 404, "PathNotFound", key);
        } else if (position != file.uncommitted.size()) {
            respond(exchange, 400, "InvalidFlushPosition", "flush at " + position + ", appended " + file.uncommitted.size());
        } else {
            file.committed = file.uncommitted.toByteArray();
            withEtag(exchange);
            respond(exchange, 200, null, null);
        }
    }

    private void rename(HttpExchange exchange, String fileSystem, String destination) throws IOException {
        String source = decode(exchange.getRequestHeaders().getFirst("x-ms-rename-source").replaceFirst("\\?.*", ""));
        String sourceKey = source.startsWith("/") ? source.substring(1) : source;
        String destinationKey = fileSystem + "/" + destination;
        int parentEnd = destination.lastIndexOf('/');
        if (!files.containsKey(sourceKey)) {
            respond(exchange, 404, "SourcePathNotFound", source);
        } else if (parentEnd > 0 && !directories.contains(fileSystem + "/" + destination.substring(0, parentEnd))) {
            respond(exchange, 404, "RenameDestinationParentPathNotFound", destination);
        } else if ("*".equals(exchange.getRequestHeaders().getFirst("If-None-Match")) && files.containsKey(destinationKey)) {
            respond(exchange, 409, "PathAlreadyExists", destination);
        } else {
            files.put(destinationKey, files.remove(sourceKey));
            withEtag(exchange);
            respond(exchange, 201, null, null);
        }
    }

    private void setMetadata(HttpExchange exchange, String key) throws IOException {
        StoredFile file = files.get(key);
        if (file == null) {
            respond(exchange, 404, "BlobNotFound", key);
            return;
        }
        file.metadata.clear();
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (name.toLowerCase(Locale.ROOT).startsWith("x-ms-meta-")) {
                file.metadata.put(name.substring("x-ms-meta-".length()).toLowerCase(Locale.ROOT), values.get(0));
            }
        });
        withEtag(exchange);
        respond(exchange, 200, null, null);
    }

    private void properties(HttpExchange exchange, String key) throws IOException {
        StoredFile file = files.get(key);
        if (file == null) {
            respond(exchange, 404, "BlobNotFound", key);
            return;
        }
        file.metadata.forEach((name, value) -> exchange.getResponseHeaders().add("x-ms-meta-" + name, value));
        exchange.getResponseHeaders().add("x-ms-blob-type", "BlockBlob");
        withEtag(exchange);
        respond(exchange, 200, null, null);
    }

    private void withEtag(HttpExchange exchange) {
        exchange.getResponseHeaders().add("ETag", "\"0x" + Long.toHexString(etags.incrementAndGet()) + "\"");
        exchange.getResponseHeaders().add("Last-Modified", HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC)));
    }

    private static void respond(HttpExchange exchange, int status, String errorCode, String detail) throws IOException {
        exchange.getResponseHeaders().add("x-ms-request-id", java.util.UUID.randomUUID().toString());
        exchange.getResponseHeaders().add("x-ms-version", "2021-12-02");
        if (errorCode == null || exchange.getRequestMethod().equals("HEAD")) {
            if (errorCode != null) {
                exchange.getResponseHeaders().add("x-ms-error-code", errorCode);
            }
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        byte[] json = ("{\"error\":{\"code\":\"" + errorCode + "\",\"message\":\"" + String.valueOf(detail).replace("\"", "'")
                + "\"}}").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("x-ms-error-code", errorCode);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, json.length);
        exchange.getResponseBody().write(json);
    }

    /** {@code x-ms-properties}: {@code name=base64(value),...}. */
    private static Map<String, String> properties(String header) {
        Map<String, String> out = new LinkedHashMap<>();
        if (header == null || header.isBlank()) {
            return out;
        }
        for (String pair : header.split(",")) {
            int eq = pair.indexOf('=');
            out.put(pair.substring(0, eq).trim().toLowerCase(Locale.ROOT),
                    new String(Base64.getDecoder().decode(pair.substring(eq + 1).trim()), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                out.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        return out;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static final class StoredFile {
        final ByteArrayOutputStream uncommitted = new ByteArrayOutputStream();
        final Map<String, String> metadata = new HashMap<>();
        byte[] committed;
    }
}
