package dev.eos.connector.azurecommon;

import com.azure.core.exception.HttpResponseException;
import dev.eos.spi.RetriableSinkException;
import dev.eos.spi.SinkDataException;
import dev.eos.spi.SinkException;
import dev.eos.spi.SinkRecord;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Maps what the Azure SDK throws to the SPI's exceptions: throttling, timeouts, server errors and broken
 * connections are retriable; a 4xx about one record's object is a data error for that record; being refused
 * (401, 403) names the option that authenticates. Messages carry the status and the service's error code, never
 * a credential.
 */
public final class AzureErrors {

    private static final Set<String> OBJECT_ERROR_CODES = Set.of("InvalidResourceName", "InvalidUri",
            "InvalidBlobOrBlock", "RequestBodyTooLarge", "OutOfRangeInput", "InvalidFileOrDirectoryPathName",
            "InvalidMetadata", "MetadataTooLarge");

    private AzureErrors() {
    }

    /**
     * The SPI exception for a failure while working on {@code path}.
     *
     * @param record the record the object holds (per-record mode), or null when the object holds many
     */
    public static SinkException translate(RuntimeException e, String what, String path, SinkRecord record, String authKey) {
        if (e instanceof SinkException sinkException) {
            return sinkException;
        }
        HttpResponseException http = httpCause(e);
        if (http != null) {
            int status = http.getResponse() == null ? 0 : http.getResponse().getStatusCode();
            String message = what + " \"" + path + "\" failed with HTTP " + status + errorCode(http);
            if (isRetriableStatus(status)) {
                return new RetriableSinkException(message, e);
            }
            if (status == 401 || status == 403) {
                return new SinkException(message + ": the service refused the credentials of " + authKey, e);
            }
            if (record != null && isAboutTheObject(status, errorCodeOf(http))) {
                return new SinkDataException(record, message, e);
            }
            return new SinkException(message, e);
        }
        if (isTransient(e)) {
            return new RetriableSinkException(what + " \"" + path + "\" failed: " + inWords(e), e);
        }
        return new SinkException(what + " \"" + path + "\" failed: " + e, e);
    }

    /** The HTTP status of an SDK failure, or 0 when it was not an HTTP response. */
    public static int status(Throwable e) {
        HttpResponseException http = httpCause(e);
        return http == null || http.getResponse() == null ? 0 : http.getResponse().getStatusCode();
    }

    /**
     * Whether a refusal is about the one object (its name, size or content), so that a record is at fault, rather
     * than about the deployment (an unsupported operation or API version, a missing container), which every
     * record would meet.
     */
    static boolean isAboutTheObject(int status, String errorCode) {
        return status == 413 || status == 414 || errorCode != null && OBJECT_ERROR_CODES.contains(errorCode);
    }

    private static String errorCodeOf(HttpResponseException e) {
        return e.getResponse() == null ? null : e.getResponse().getHeaderValue("x-ms-error-code");
    }

    static boolean isRetriableStatus(int status) {
        return status == 408 || status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
    }

    private static HttpResponseException httpCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HttpResponseException http) {
                return http;
            }
        }
        return null;
    }

    /** The root cause of a failure that got no HTTP response, in words: connection refused, unknown host, ... */
    static String inWords(Throwable e) {
        Throwable root = e;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            root = t;
            if (t instanceof java.net.ConnectException) {
                return "connection refused";
            }
            if (t instanceof java.net.UnknownHostException) {
                return "unknown host " + t.getMessage();
            }
            if (t instanceof java.net.SocketTimeoutException || t instanceof TimeoutException) {
                return "no answer in time";
            }
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    private static boolean isTransient(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException || t instanceof UncheckedIOException || t instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static String errorCode(HttpResponseException e) {
        String code = e.getResponse() == null ? null : e.getResponse().getHeaderValue("x-ms-error-code");
        return code == null ? "" : " (" + code + ")";
    }
}
