package dev.gradstream.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Class vectors from GloVe")
class ClassEmbeddingsTest {

    @Test
    @DisplayName("class names split into lower-case words on spaces and '/', hyphens kept")
    void splitsClassNames() {
        assertThat(ClassEmbeddings.words("T-shirt/top")).containsExactly("t-shirt", "top");
        assertThat(ClassEmbeddings.words("Ankle boot")).containsExactly("ankle", "boot");
        assertThat(ClassEmbeddings.words("  Hot  air / Balloon ")).containsExactly("hot", "air", "balloon");
        assertThat(ClassEmbeddings.words("rabbit")).containsExactly("rabbit");
        assertThatThrownBy(() -> ClassEmbeddings.words(" / ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("class name ' / ' has no words");
    }

    @Test
    @DisplayName("a class of several words is the mean of their vectors, rows in class order")
    void multiWordMean(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("g.txt");
        Files.writeString(file, "ankle 1 -2 0.5\nthe 9 9 9\nboot 3 4 -0.5\ncat 0.25 0 1\n", StandardCharsets.UTF_8);
        ClassEmbeddings e = ClassEmbeddings.load(List.of("Cat", "Ankle boot", "boot/CAT"), file);
        assertThat(e.dimension()).isEqualTo(3);
        assertThat(e.classNames()).containsExactly("Cat", "Ankle boot", "boot/CAT");
        assertThat(e.vectors()).containsExactly(0.25f, 0f, 1f, /* */ 2f, 1f, 0f, /* */ 1.625f, 2f, 0.25f);
        assertThat(e.vector(1)).containsExactly(2f, 1f, 0f);
        assertThat(e.source()).isEqualTo(file.toString());
    }

    @Test
    @DisplayName("every missing class word is listed in one error with the file and the classes")
    void missingWordsListed(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("g.txt");
        Files.writeString(file, "boot 1 2\nrabbit 3 4\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ClassEmbeddings.load(List.of("Rabbit", "Ankle boot", "Flux capacitor", "zzq"), file))
                .isInstanceOf(DataFormatException.class)
                .hasMessage(file + ": no vector for the class words ankle, flux, capacitor, zzq (of classes "
                        + "'Ankle boot', 'Flux capacitor', 'zzq')");
        assertThat(ClassEmbeddings.load(List.of("rabbit", "snowman"), null).dimension()).isEqualTo(100);
        assertThatThrownBy(() -> ClassEmbeddings.load(List.of("rabbit", "tshirt"), null))
                .hasMessage("classpath:" + GloVeReader.BUNDLED_RESOURCE + ": no vector for the class word tshirt "
                        + "(of class 'tshirt')");
    }

    @Test
    @DisplayName("the bundled vectors give \"Ankle boot\" as the mean of ankle and boot, checked on the file's digits")
    void bundledAnkleBoot() {
        ClassEmbeddings e = ClassEmbeddings.load(ClassNames.FASHION_MNIST, null);
        assertThat(e.dimension()).isEqualTo(100);
        float[] ankleBoot = e.vector(9);
        // ankle 0.02124 -0.24269 -0.084379 ...; boot -0.26163 0.21623 -0.18634 ... (file text)
        assertThat((double) ankleBoot[0]).isCloseTo((0.02124 - 0.26163) / 2, within(1e-7));
        assertThat((double) ankleBoot[1]).isCloseTo((-0.24269 + 0.21623) / 2, within(1e-7));
        assertThat((double) ankleBoot[2]).isCloseTo((-0.084379 - 0.18634) / 2, within(1e-7));
        GloVeVectors raw = GloVeReader.readBundled(List.of("ankle", "boot", "t-shirt", "top"));
        float[] tshirtTop = e.vector(0);
        for (int j = 0; j < 100; j++) {
            assertThat((double) ankleBoot[j]).isCloseTo((raw.get("ankle")[j] + (double) raw.get("boot")[j]) / 2, within(1e-7));
            assertThat((double) tshirtTop[j]).isCloseTo((raw.get("t-shirt")[j] + (double) raw.get("top")[j]) / 2, within(1e-7));
        }
    }
}
