package io.hashslot.common.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/configuration.md is the rendering of the directive table (rewritten with -Dconfig.reference.write=true). */
class ConfigReferenceTest {
    @Test
    void docsMatchTheDirectiveTable() throws IOException {
        Path doc = Path.of("..", "docs", "configuration.md");
        String expected = ConfigReference.markdown();
        if (Boolean.getBoolean("config.reference.write")) {
            Files.writeString(doc, expected, StandardCharsets.UTF_8);
        }
        assertThat(Files.readString(doc, StandardCharsets.UTF_8))
            .as("docs/configuration.md is out of date; regenerate it (see its header)").isEqualTo(expected);
        assertThat(expected).contains("| `cluster-enabled` |").contains("| `port` |").contains("hash-max-zipmap-entries");
    }
}
