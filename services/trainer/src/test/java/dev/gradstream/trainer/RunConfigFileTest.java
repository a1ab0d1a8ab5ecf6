package dev.gradstream.trainer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradstream.core.data.DataSplits;
import dev.gradstream.core.data.Samples;
import dev.gradstream.core.model.Precision;
import dev.gradstream.core.training.RunLayout;
import dev.gradstream.core.training.TaskSpec;
import dev.gradstream.core.training.TrainingConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("A run's config.json")
class RunConfigFileTest {

    /** A config.json as runs have written it (an embed run of the bundled data), byte for byte. */
    private static final String EMBED_RUN = """
            {
              "run_id" : "20261130-103636-5511-embed-nd4j",
              "backend" : "nd4j",
              "task" : "embed",
              "hidden" : [ 512, 512 ],
              "learning_rate" : 0.1,
              "momentum" : 0.9,
              "batch_size" : 64,
              "max_epochs" : 30,
              "seed" : 42,
              "validation_fraction" : 0.2,
              "precision" : "float32",
              "dataset" : {
                "name" : "quickdraw-5",
                "dir" : null,
                "fingerprint" : "bfbb592aad10153e11f15adf23befcbefdc9c57c945205c4a39d2b7ddf18d85f",
                "train" : 3200,
                "validation" : 800,
                "test" : 1000,
                "class_names" : [ "rabbit", "yoga", "hand", "snowman", "motorbike" ]
              },
              "versions" : {
                "backend" : "nd4j",
                "gradstream" : "0.1.0-SNAPSHOT",
                "java" : "17.0.15"
              },
              "word_hidden" : [ 32 ],
              "embed_dim" : 32,
              "train_word_net" : false,
              "word_vectors" : "classpath:/dev/gradstream/core/data/glove/glove.6B.100d.classes.txt"
            }
            """;

    private static final DataSplits DATA = new DataSplits("three-shapes", List.of("circle", "square", "star"),
            "0123abcd", samples(6), samples(2), samples(3));

    private static Samples samples(int n) {
        return new Samples(new float[n * 4], new int[n], n, 4);
    }

    private static Map<String, String> versions() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("gradstream", "dev");
        v.put("java", "17");
        v.put("backend", "scratch");
        return v;
    }

    @Test
    @DisplayName("written by the run directory listener, reads back as the same configuration (classify)")
    void classifyRoundTrip(@TempDir Path dir) {
        TrainingConfig config = new TrainingConfig(new int[] {64, 32}, 0.025, 0.8, 16, 7, 1234567890123L, 0.25,
                Precision.FLOAT64);
        TaskSpec task = new TaskSpec.Classify();
        new RunDirectoryListener(dir, "s-classify-scratch", "scratch", task, dir.resolve("data"), versions())
                .onRunStart(config, DATA);

        RunConfigFile read = RunConfigFile.read(dir);

        assertThat(read).isEqualTo(RunConfigFile.of("s-classify-scratch", "scratch", task, config, DATA,
                dir.resolve("data"), versions()));
        assertThat(read.training()).isEqualTo(config);
        assertThat(read.dataset()).isEqualTo(new RunConfigFile.Dataset("three-shapes",
                dir.resolve("data").toAbsolutePath(), "0123abcd", 6, 2, 3, List.of("circle", "square", "star")));
        assertThat(read.versions().keySet()).containsExactly("gradstream", "java", "backend");
        assertThat(read.taskSpec(DATA.classNames())).isInstanceOf(TaskSpec.Classify.class);
    }

    @Test
    @DisplayName("keeps Part II's word-net fields through a write and a read (embed)")
    void embedRoundTrip(@TempDir Path dir) {
        TrainingConfig config = new TrainingConfig(new int[] {512, 512}, 0.1, 0.9, 64, 30, 42, 0.2, Precision.FLOAT32);
        TaskSpec task = new TaskSpec.Embed(new int[] {32, 16}, 24, 100, new float[3 * 100], true, "/tmp/glove.txt");
        new RunDirectoryListener(dir, "s-embed-nd4j", "nd4j", task, null, versions()).onRunStart(config, DATA);

        RunConfigFile read = RunConfigFile.read(dir);

        assertThat(read).isEqualTo(RunConfigFile.of("s-embed-nd4j", "nd4j", task, config, DATA, null, versions()));
        assertThat(read.task()).isEqualTo("embed");
        assertThat(read.config().getWordHiddenSizesList()).containsExactly(32, 16);
        assertThat(read.config().getEmbedDim()).isEqualTo(24);
        assertThat(read.config().getTrainWordNet()).isTrue();
        assertThat(read.config().getWordVectorsSource()).isEqualTo("/tmp/glove.txt");
        assertThat(read.dataset().dir()).isNull();
    }

    @Test
    @DisplayName("reads the config.json of existing run directories, and writes that format unchanged")
    void existingFormat(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve(RunLayout.CONFIG), EMBED_RUN);

        RunConfigFile read = RunConfigFile.read(dir);

        assertThat(read.runId()).isEqualTo("20261130-103636-5511-embed-nd4j");
        assertThat(read.training()).isEqualTo(new TrainingConfig(new int[] {512, 512}, 0.1, 0.9, 64, 30, 42, 0.2,
                Precision.FLOAT32));
        assertThat(read.config().getWordHiddenSizesList()).containsExactly(32);
        assertThat(read.dataset().classNames()).containsExactly("rabbit", "yoga", "hand", "snowman", "motorbike");
        TaskSpec.Embed task = (TaskSpec.Embed) read.taskSpec(read.dataset().classNames());
        assertThat(task.wordDim()).isEqualTo(100); // the bundled GloVe vectors the file names
        assertThat(task.embedDim()).isEqualTo(32);

        Path again = dir.resolve("again");
        read.write(again);
        assertThat(Files.readString(again.resolve(RunLayout.CONFIG))).isEqualTo(EMBED_RUN);
    }

    @Test
    @DisplayName("that is not JSON fails naming the file")
    void notJson(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve(RunLayout.CONFIG), EMBED_RUN.substring(0, 200));

        assertThatThrownBy(() -> RunConfigFile.read(dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(dir.resolve(RunLayout.CONFIG).toString()).hasMessageContaining("not valid JSON");
    }

    @Test
    @DisplayName("with a mistyped, missing or impossible field fails naming the file and the field")
    void corruptFields(@TempDir Path dir) throws Exception {
        Path file = dir.resolve(RunLayout.CONFIG);
        Map<String, String> edits = new LinkedHashMap<>(); // replaced text -> the message it must cause
        edits.put("\"learning_rate\" : 0.1|\"learning_rate\" : \"fast\"",
                "field 'learning_rate' must be a number, found \"fast\"");
        edits.put("\"fingerprint\" : \"bfbb592aad10153e11f15adf23befcbefdc9c57c945205c4a39d2b7ddf18d85f\",|",
                "field 'dataset.fingerprint' is missing (expected a string)");
        edits.put("\"batch_size\" : 64|\"batch_size\" : 6.5", "field 'batch_size' must be a whole number, found 6.5");
        edits.put("\"word_hidden\" : [ 32 ]|\"word_hidden\" : [ \"32\" ]",
                "field 'word_hidden' must be an array of whole numbers, found [\"32\"]");
        edits.put("\"momentum\" : 0.9|\"momentum\" : 1.5", "momentum must be in [0, 1), got 1.5");
        edits.put("\"task\" : \"embed\"|\"task\" : \"segment\"", "field 'task' must be classify or embed, got 'segment'");
        for (Map.Entry<String, String> e : edits.entrySet()) {
            String[] edit = e.getKey().split("\\|", -1);
            Files.writeString(file, EMBED_RUN.replace(edit[0], edit[1]));
            assertThatThrownBy(() -> RunConfigFile.read(dir)).as(e.getKey()).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage(file + ": " + e.getValue());
        }
    }

    @Test
    @DisplayName("missing altogether names the directory")
    void missing(@TempDir Path dir) {
        assertThatThrownBy(() -> RunConfigFile.read(dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(dir + " is not a run directory: no config.json");
    }
}
