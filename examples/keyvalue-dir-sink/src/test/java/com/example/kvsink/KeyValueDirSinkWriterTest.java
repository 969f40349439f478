package com.example.kvsink;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KeyValueDirSinkWriterTest {

    @Test
    void fileNamesStayInTheDirectoryAndAreNeverHidden() {
        assertThat(KeyValueDirSinkWriter.fileName("../etc/passwd")).isEqualTo("%2E.%2Fetc%2Fpasswd");
        assertThat(KeyValueDirSinkWriter.fileName("..")).isEqualTo("%2E.");
        assertThat(KeyValueDirSinkWriter.fileName("_SUCCESS")).isEqualTo("%5FSUCCESS");
        assertThat(KeyValueDirSinkWriter.fileName("order 42*")).isEqualTo("order+42%2A");
    }
}
