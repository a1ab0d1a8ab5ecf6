package dev.gradstream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("integration")
@DisplayName("Security settings passed through to Kafka")
class SecretsNotLoggedTest {

    @Test
    @DisplayName("reach the clients but never the logs, even at INFO level")
    void secretsAreNotLogged(@TempDir Path tmp) throws Exception {
        String secret = "TOPSECRET-" + System.nanoTime();
        Path log = tmp.resolve("out.log");
        Process p = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules=jdk.incubator.vector", "-Xmx1g",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                "-cp", System.getProperty("java.class.path"), Gradstream.class.getName(),
                "train", "--task", "classify", "--backend", "scratch", "--epochs", "1", "--hidden", "16",
                "--kafka-property", "ssl.key.password=" + secret,
                "--kafka-property", "ssl.truststore.password=" + secret,
                "--runs-dir", tmp.resolve("runs").toString(), "--metrics-port", "0", "--quiet")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        String output = Files.readString(log);
        assertThat(p.exitValue()).as(output).isZero();
        // The clients were configured with it (Kafka prints every client setting at INFO) ...
        assertThat(output).contains("ssl.key.password = [hidden]").contains("ssl.truststore.password = [hidden]");
        // ... and the value itself appears nowhere.
        assertThat(output).doesNotContain(secret);
        List<Path> files;
        try (var walk = Files.walk(tmp.resolve("runs"))) {
            files = walk.filter(Files::isRegularFile).filter(f -> !f.toString().contains(".kafka")).toList();
        }
        for (Path f : files) {
            assertThat(new String(Files.readAllBytes(f), java.nio.charset.StandardCharsets.ISO_8859_1))
                    .as("%s", f).doesNotContain(secret);
        }
    }
}
