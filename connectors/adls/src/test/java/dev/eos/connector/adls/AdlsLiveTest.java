package dev.eos.connector.adls;

import com.azure.storage.common.StorageSharedKeyCredential;
import com.azure.storage.file.datalake.DataLakeFileSystemClient;
import com.azure.storage.file.datalake.DataLakeServiceClientBuilder;
import com.azure.storage.file.datalake.models.ListPathsOptions;
import com.azure.storage.file.datalake.models.PathItem;
import dev.eos.testkit.SinkContractTest;
import dev.eos.testkit.StoredRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The contract kit against a real ADLS Gen2 account (hierarchical namespace), per record, under a fresh directory
 * per test that is deleted afterwards. Runs when {@code EOS_TEST_ADLS_ACCOUNT} and {@code EOS_TEST_ADLS_FILE_SYSTEM}
 * are set, with {@code EOS_TEST_ADLS_KEY} or {@code EOS_TEST_ADLS_SAS} (neither: Microsoft Entra ID through
 * DefaultAzureCredential); {@code EOS_TEST_ADLS_ENDPOINT} overrides the endpoint.
 */
@EnabledIfEnvironmentVariable(named = "EOS_TEST_ADLS_ACCOUNT", matches = ".+",
        disabledReason = "no ADLS Gen2 account: set EOS_TEST_ADLS_ACCOUNT, EOS_TEST_ADLS_FILE_SYSTEM and "
                + "EOS_TEST_ADLS_KEY or EOS_TEST_ADLS_SAS to run the contract kit against a real account")
class AdlsLiveTest extends SinkContractTest {

    private static final String P = AdlsTestTarget.PREFIX;
    private final String account = System.getenv("EOS_TEST_ADLS_ACCOUNT");
    private final String fileSystemName = System.getenv("EOS_TEST_ADLS_FILE_SYSTEM");
    private final String key = System.getenv("EOS_TEST_ADLS_KEY");
    private final String sas = System.getenv("EOS_TEST_ADLS_SAS");
    private final String endpoint = System.getenv().getOrDefault("EOS_TEST_ADLS_ENDPOINT",
            "https://" + account + ".dfs.core.windows.net");
    private String directory;

    @Override
    protected String sinkName() {
        return "adls";
    }

    @Override
    protected Map<String, String> sinkProperties() {
        directory = "eos-live-test-" + UUID.randomUUID();
        Map<String, String> props = new HashMap<>();
        props.put(P + "endpoint", endpoint);
        props.put(P + "account-name", account);
        if (key != null) {
            props.put(P + "account-key", key);
        } else if (sas != null) {
            props.put(P + "sas-token", sas);
        }
        props.put(P + "file-system", fileSystemName);
        props.put(P + "create-file-system", "true");
        props.put(P + "path-template", directory + "/{key}.json");
        return props;
    }

    private DataLakeFileSystemClient client() {
        DataLakeServiceClientBuilder builder = new DataLakeServiceClientBuilder().endpoint(endpoint);
        if (key != null) {
            builder.credential(new StorageSharedKeyCredential(account, key));
        } else if (sas != null) {
            builder.sasToken(sas);
        } else {
            builder.credential(new com.azure.identity.DefaultAzureCredentialBuilder().build());
        }
        return builder.buildClient().getFileSystemClient(fileSystemName);
    }

    @Override
    protected List<StoredRecord> readBack() {
        DataLakeFileSystemClient fs = client();
        List<StoredRecord> out = new ArrayList<>();
        if (!fs.getDirectoryClient(directory).exists()) {
            return out;
        }
        for (PathItem item : fs.listPaths(new ListPathsOptions().setPath(directory).setRecursive(true), null)) {
            String name = item.getName().substring(directory.length() + 1);
            if (item.isDirectory() || AdlsTestTarget.hidden(name)) {
                continue;
            }
            ByteArrayOutputStream content = new ByteArrayOutputStream();
            fs.getFileClient(item.getName()).read(content);
            out.add(new StoredRecord(name.substring(0, name.length() - ".json".length()),
                    content.toString(StandardCharsets.UTF_8)));
        }
        return out;
    }

    /** A key so long that its object path passes the service's 1,024-character limit: a data error. */
    @Override
    protected dev.eos.spi.SinkRecord invalidRecord() {
        return dev.eos.spi.SinkRecord.builder("k".repeat(1_100)).value("{}").build();
    }

    @Override
    protected int largeBatchSize() {
        return 2_000;
    }

    @AfterEach
    void deleteTheTestDirectory() {
        DataLakeFileSystemClient fs = client();
        if (directory != null && fs.getDirectoryClient(directory).exists()) {
            fs.getDirectoryClient(directory).deleteRecursively();
        }
    }
}
