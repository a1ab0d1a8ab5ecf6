package dev.gradstream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("integration")
@DisplayName("The command line refuses bad input with a clear message and a non-zero exit")
class CommandLineErrorsTest {

    @RegisterExtension
    final StderrCapture err = new StderrCapture();

    @Test
    @DisplayName("a non-positive learning rate names the learning rate")
    void badLearningRate() {
        assertThat(Gradstream.run("train", "--lr", "-0.1")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.text()).contains("learning rate").contains("-0.1");
    }

    @Test
    @DisplayName("momentum outside [0, 1) names the momentum")
    void badMomentum() {
        assertThat(Gradstream.run("train", "--momentum", "1.0")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.text()).contains("momentum").contains("1.0");
    }

    @Test
    @DisplayName("a zero batch size or zero-width layer is refused")
    void badShapes() {
        assertThat(Gradstream.run("train", "--batch-size", "0")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.text()).contains("batch size");
        assertThat(Gradstream.run("train", "--hidden", "128,0")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.text()).contains("hidden layer 2");
    }

    @Test
    @DisplayName("an unknown precision or backend is named")
    void unknownNames() {
        assertThat(Gradstream.run("train", "--precision", "float16")).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.text()).contains("float16");
    }

    @Test
    @DisplayName("a malformed sasl.jaas.config is a bad setting, named, not a crash; an unreachable cluster exits 4")
    void kafkaSettings() {
        assertThat(Gradstream.run("train", "--bootstrap-servers", "127.0.0.1:9", "--metrics-port", "0",
                "--kafka-property", "security.protocol=SASL_PLAINTEXT", "--kafka-property", "sasl.mechanism=PLAIN",
                "--kafka-property", "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required"))
                .isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.text()).contains("sasl.jaas.config");
        assertThat(Gradstream.exitCodeFor(new org.apache.kafka.common.errors.TimeoutException("no broker")))
                .isEqualTo(ExitCodes.BUS_ERROR);
    }

    @Test
    @DisplayName("a data folder that does not exist is named")
    void missingData(@TempDir Path dir) {
        Path missing = dir.resolve("no-such-folder");
        assertThat(Gradstream.run("train", "--data", missing.toString())).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.text()).contains("no-such-folder");
    }

    @Test
    @DisplayName("a truncated data file is named")
    void truncatedData(@TempDir Path dir) throws Exception {
        byte[] labels = new byte[8 + 10];
        labels[2] = 8;
        labels[3] = 1;
        labels[7] = 10;
        Files.write(dir.resolve("train-labels-idx1-ubyte"), labels);
        Files.write(dir.resolve("t10k-labels-idx1-ubyte"), labels);
        byte[] images = new byte[16 + 5 * 784]; // header says 10 images, holds 5
        images[2] = 8;
        images[3] = 3;
        images[7] = 10;
        images[11] = 28;
        images[15] = 28;
        Files.write(dir.resolve("train-images-idx3-ubyte"), images);
        Files.write(dir.resolve("t10k-images-idx3-ubyte"), images);
        assertThat(Gradstream.run("train", "--data", dir.toString())).isEqualTo(ExitCodes.BAD_INPUT);
        assertThat(err.text()).contains("idx3-ubyte");
    }

    @Test
    @DisplayName("a Kafka cluster that is down is reported as a bus error naming the address")
    void brokerDown() {
        assertThat(Gradstream.run("train", "--bootstrap-servers", "127.0.0.1:1", "--epochs", "1",
                "--metrics-port", "0")).isEqualTo(ExitCodes.BUS_ERROR);
        assertThat(err.text()).contains("127.0.0.1:1");
    }

    @Test
    @DisplayName("a loss that turns NaN ends the run as diverged with exit code 3")
    void divergence(@TempDir Path runs) {
        assertThat(Gradstream.run("train", "--task", "classify", "--backend", "scratch", "--lr", "1e9", "--epochs", "2",
                "--metrics-port", "0", "--quiet",
                "--runs-dir", runs.toString())).isEqualTo(ExitCodes.DIVERGED);
    }
}
