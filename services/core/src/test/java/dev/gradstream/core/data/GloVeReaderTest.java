package dev.gradstream.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The GloVe text reader")
class GloVeReaderTest {

    private static GloVeVectors read(String text, String... words) {
        return GloVeReader.read("test.txt", new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), List.of(words));
    }

    @Test
    @DisplayName("keeps exactly the words asked for, with their values, in file order")
    void parsesWantedWords() {
        GloVeVectors v = read("the 0.5 -1 2e-3\ncat 1.25 0.0 -0.75\nt-shirt .5 -.25 1E2\nzoë 3 4 5\n",
                "t-shirt", "cat", "zoë", "absent");
        assertThat(v.dimension()).isEqualTo(3);
        assertThat(v.vectors().keySet()).containsExactly("cat", "t-shirt", "zoë");
        assertThat(v.get("cat")).containsExactly(1.25f, 0.0f, -0.75f);
        assertThat(v.get("t-shirt")).containsExactly(0.5f, -0.25f, 100f);
        assertThat(v.get("zoë")).containsExactly(3f, 4f, 5f);
        assertThat(v.get("the")).isNull();
        assertThat(v.missing(List.of("cat", "absent", "dog", "absent"))).containsExactly("absent", "dog");
        assertThat(v.source()).isEqualTo("test.txt");
    }

    @Test
    @DisplayName("does not parse lines of words it was not asked for, so their defects do not matter")
    void skipsOtherLinesUnparsed() {
        GloVeVectors v = read("junk x y\nbroken 1  2\ncat 1 2\nshort 1\n", "cat");
        assertThat(v.vectors()).containsOnlyKeys("cat");
        assertThat(v.dimension()).isEqualTo(2);
    }

    @Test
    @DisplayName("no wanted word in the file gives no vectors and dimension 0")
    void nothingFound() {
        GloVeVectors v = read("the 1 2\n", "cat");
        assertThat(v.vectors()).isEmpty();
        assertThat(v.dimension()).isZero();
    }

    @Test
    @DisplayName("a kept line with a different number of values names the file, line, word and both counts")
    void dimensionMismatch() {
        assertThatThrownBy(() -> read("the 1 2 3\ncat 1 2 3\ndog 1 2\nboot 4 5 6 7\n", "cat", "dog", "boot"))
                .isInstanceOf(DataFormatException.class)
                .hasMessage("test.txt: line 3 (word 'dog'): 2 values, expected 3 as on line 2");
        assertThatThrownBy(() -> read("cat 1 2 3\nboot 4 5 6 7\n", "cat", "boot"))
                .hasMessage("test.txt: line 2 (word 'boot'): 4 values, expected 3 as on line 1");
    }

    @Test
    @DisplayName("a kept line with no values, an empty field, a non-number or a NaN is named with its line number")
    void malformedLines() {
        assertThatThrownBy(() -> read("the 1\ncat\n", "cat")).isInstanceOf(DataFormatException.class)
                .hasMessage("test.txt: line 2 (word 'cat'): no values after the word (expected 'word v1 ... vD')");
        assertThatThrownBy(() -> read("cat 1  2\n", "cat"))
                .hasMessage("test.txt: line 1 (word 'cat'): value 2 '' is empty (fields must be separated by single spaces)");
        assertThatThrownBy(() -> read("the 1 2\ndog 1 2\ncat 1 abc\n", "cat"))
                .hasMessage("test.txt: line 3 (word 'cat'): value 2 'abc' is not a decimal number");
        assertThatThrownBy(() -> read("cat 1 2f\n", "cat"))
                .hasMessage("test.txt: line 1 (word 'cat'): value 2 '2f' is not a decimal number");
        assertThatThrownBy(() -> read("x 0\ncat NaN 2\n", "cat"))
                .hasMessage("test.txt: line 2 (word 'cat'): value 1 'NaN' is NaN");
        assertThatThrownBy(() -> read("cat 1 nan\n", "cat"))
                .hasMessage("test.txt: line 1 (word 'cat'): value 2 'nan' is NaN");
        assertThatThrownBy(() -> read("cat 1 1e40\n", "cat"))
                .hasMessage("test.txt: line 1 (word 'cat'): value 2 '1e40' overflows a float");
        assertThatThrownBy(() -> read("cat 1 2 \n", "cat"))
                .hasMessageContaining("line 1 (word 'cat'): value 3 '' is empty");
    }

    @Test
    @DisplayName("a wanted word that appears twice is an error naming both lines")
    void repeatedWord() {
        assertThatThrownBy(() -> read("cat 1 2\ndog 3 4\ncat 5 6\n", "cat"))
                .hasMessage("test.txt: line 3 (word 'cat'): repeats the word of line 1");
    }

    @Test
    @DisplayName("reads a file given by path (CRLF line ends accepted) and names a missing file")
    void fileByPath(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("vectors.txt");
        Files.writeString(file, "cat 1 2\r\ndog -3.5 4\r\n", StandardCharsets.UTF_8);
        GloVeVectors v = GloVeReader.read(file, List.of("dog"));
        assertThat(v.get("dog")).containsExactly(-3.5f, 4f);
        assertThat(v.source()).isEqualTo(file.toString());

        Files.writeString(file, "cat 1 2\ndog 1 x\n", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> GloVeReader.read(file, List.of("dog")))
                .hasMessage(file + ": line 2 (word 'dog'): value 2 'x' is not a decimal number");
        Path absent = dir.resolve("absent.txt");
        assertThatThrownBy(() -> GloVeReader.read(absent, List.of("dog"))).isInstanceOf(DataFormatException.class)
                .hasMessage(absent + ": file not found");
    }
}
