package dev.gradstream.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DataSetsTest {

    @TempDir
    Path tmp;

    @Test
    @DisplayName("an .npy folder loads: test as given, validation split from train, pixels / 255")
    void npyFolderLoads() throws IOException {
        Path dir = npyFolder("handout", 20, 3, 2, 2, 6);

        DataSplits splits = DataSets.load(dir, 0.25, 1);

        assertThat(splits.name()).isEqualTo("handout");
        assertThat(splits.classNames()).containsExactly("0", "1", "2");
        // labels i % 3 over 20 samples: 7, 7, 6 per class; held out round(1.75), round(1.75), round(1.5) = 2 each
        assertThat(splits.train().count()).isEqualTo(14);
        assertThat(splits.validation().count()).isEqualTo(6);
        assertThat(splits.test().count()).isEqualTo(6);
        assertThat(splits.features()).isEqualTo(4);
        assertThat(splits.fingerprint()).matches("[0-9a-f]{64}");
        // test keeps the file order; image i pixel j is ((i * 31 + j * 7) & 0xff) / 255
        assertThat(splits.test().x()[4 * 5 + 3]).isEqualTo(((5 * 31 + 3 * 7) & 0xff) / 255f);
        assertThat(splits.test().labels()).containsExactly(0, 1, 2, 0, 1, 2);
    }

    @Test
    void fiveClassesGetTheQuickDrawNames() throws IOException {
        Path dir = npyFolder("qd", 10, 5, 28, 28, 5);
        assertThat(DataSets.load(dir, 0.2, 1).classNames()).isEqualTo(ClassNames.QUICKDRAW_5);
    }

    @Test
    void classesTxtNamesTheClassesAndBoundsTheLabels() throws IOException {
        Path dir = npyFolder("named", 10, 3, 2, 2, 3);
        Files.writeString(dir.resolve("classes.txt"), "cat\ndog\nbird\nfish\n\n");
        assertThat(DataSets.load(dir, 0.2, 1).classNames()).containsExactly("cat", "dog", "bird", "fish");

        Files.writeString(dir.resolve("classes.txt"), "cat\ndog\n");
        assertThatThrownBy(() -> DataSets.load(dir, 0.2, 1)).isInstanceOf(DataFormatException.class)
                .message().contains("train_labels.npy", "label 2 at index 2 is outside 0..1");
    }

    @Test
    void labelOutsideTheClassesIsNamed() throws IOException {
        Path dir = npyFolder("five", 20, 5, 2, 2, 5);
        Files.writeString(dir.resolve("classes.txt"), String.join("\n", ClassNames.QUICKDRAW_5));
        long[] labels = new long[20];
        labels[12] = 7;
        TestFiles.npyInt64(dir.resolve("train_labels.npy"), labels);
        assertThatThrownBy(() -> DataSets.load(dir, 0.2, 1)).isInstanceOf(DataFormatException.class)
                .message().contains("train_labels.npy", "label 7 at index 12 is outside 0..4");
    }

    @Test
    void negativeLabelIsNamed() throws IOException {
        Path dir = npyFolder("neg", 4, 2, 2, 2, 2);
        TestFiles.npyInt64(dir.resolve("test_labels.npy"), 0, -3);
        assertThatThrownBy(() -> DataSets.load(dir, 0.2, 1)).isInstanceOf(DataFormatException.class)
                .message().contains("test_labels.npy", "label -3 at index 1 is negative");
    }

    @Test
    void countMismatchIsNamed() throws IOException {
        Path dir = npyFolder("mismatch", 5, 2, 2, 2, 2);
        TestFiles.npyInt64(dir.resolve("train_labels.npy"), 0, 1, 0, 1);
        assertThatThrownBy(() -> DataSets.load(dir, 0.2, 1)).isInstanceOf(DataFormatException.class)
                .message().contains("train_images.npy", "5 images but 4 labels", "train_labels.npy");
    }

    @Test
    void featureCountMismatchIsNamed() throws IOException {
        Path dir = npyFolder("sizes", 4, 2, 28, 28, 2);
        TestFiles.npyUint8(dir.resolve("test_images.npy"), "(2, 32, 32)", new byte[2 * 1024]);
        assertThatThrownBy(() -> DataSets.load(dir, 0.2, 1)).isInstanceOf(DataFormatException.class)
                .message().contains("test_images.npy", "(2, 32, 32) (1024 features)", "(4, 28, 28) (784 features)");
    }

    @Test
    void nanPixelIsNamed() throws IOException {
        Path dir = npyFolder("nan", 4, 2, 1, 2, 2);
        TestFiles.npyFloat32(dir.resolve("train_images.npy"), "(4, 1, 2)", 0, 0.5f, 1, 0, 0, Float.NaN, 0, 0);
        assertThatThrownBy(() -> DataSets.load(dir, 0.2, 1)).isInstanceOf(DataFormatException.class)
                .message().contains("train_images.npy", "NaN at flat index 5 (image 2)");
    }

    @Test
    void floatLabelsAreRejected() throws IOException {
        Path dir = npyFolder("floatlabels", 2, 2, 1, 1, 2);
        TestFiles.npyFloat32(dir.resolve("train_labels.npy"), "(2,)", 0, 1);
        assertThatThrownBy(() -> DataSets.load(dir, 0.2, 1)).isInstanceOf(DataFormatException.class)
                .message().contains("train_labels.npy", "<f4");
    }

    @Test
    @DisplayName("float32 pixels in [0, 1] are kept, float32 pixels up to 255 are divided by 255")
    void float32PixelsScale() throws IOException {
        Path dir = npyFolder("float", 2, 2, 1, 2, 2);
        TestFiles.npyFloat32(dir.resolve("train_images.npy"), "(2, 2)", 0.25f, 1f, 0f, 0.5f);
        TestFiles.npyFloat32(dir.resolve("test_images.npy"), "(2, 2)", 51f, 255f, 0f, 1f);

        DataSplits splits = DataSets.load(dir, 0.0, 1);

        float[] train = splits.train().x().clone();
        Arrays.sort(train);
        assertThat(train).containsExactly(0f, 0.25f, 0.5f, 1f);
        assertThat(splits.test().x()).containsExactly(0.2f, 1f, 0f, 1 / 255f);
    }

    @Test
    void missingFilesAreListed() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("partial"));
        TestFiles.npyInt64(dir.resolve("train_labels.npy"), 0, 1);
        assertThatThrownBy(() -> DataSets.load(dir, 0.2, 1)).isInstanceOf(DataFormatException.class)
                .message().contains("partial", "missing train_images.npy, test_images.npy, test_labels.npy");
    }

    @Test
    void unknownFolderListsWhatIsExpected() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("empty"));
        assertThatThrownBy(() -> DataSets.load(dir, 0.2, 1)).isInstanceOf(DataFormatException.class)
                .message().contains("empty", "train_images.npy", "t10k-labels-idx1-ubyte");
        assertThatThrownBy(() -> DataSets.load(tmp.resolve("nowhere"), 0.2, 1))
                .isInstanceOf(DataFormatException.class).hasMessageContaining("nowhere");
    }

    @Test
    void validationFractionIsChecked() {
        assertThatThrownBy(() -> DataSets.load(null, 1.0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DataSets.load(null, -0.1, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest(name = "gzip = {0}")
    @ValueSource(booleans = {false, true})
    @DisplayName("an IDX folder named *fashion* loads with the Fashion-MNIST names")
    void idxFolderLoads(boolean gzip) throws IOException {
        Path dir = idxFolder("my-fashion-copy", gzip, 30, 10);

        DataSplits splits = DataSets.load(dir, 0.2, 3);

        assertThat(splits.classNames()).isEqualTo(ClassNames.FASHION_MNIST);
        assertThat(splits.train().count() + splits.validation().count()).isEqualTo(30);
        assertThat(splits.validation().count()).isEqualTo(10); // 3 per class, round(0.6) = 1 each
        assertThat(splits.test().count()).isEqualTo(10);
        assertThat(splits.features()).isEqualTo(6);
    }

    @Test
    void idxFolderNamesDigitsOrClassesTxt() throws IOException {
        Path digits = idxFolder("mnist", false, 20, 10);
        assertThat(DataSets.load(digits, 0.2, 1).classNames()).isEqualTo(ClassNames.numbered(10));

        Path named = idxFolder("letters", true, 20, 10);
        Files.writeString(named.resolve("classes.txt"), "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n");
        assertThat(DataSets.load(named, 0.2, 1).classNames()).startsWith("a", "b").hasSize(10);
    }

    @Test
    void idxDigitLabelAboveNineIsNamed() throws IOException {
        Path dir = idxFolder("digits", false, 20, 10);
        TestFiles.idxLabels(dir.resolve("t10k-labels-idx1-ubyte"), false, 0, 1, 2, 3, 4, 5, 6, 7, 8, 12);
        assertThatThrownBy(() -> DataSets.load(dir, 0.2, 1)).isInstanceOf(DataFormatException.class)
                .message().contains("t10k-labels-idx1-ubyte", "label 12 at index 9 is outside 0..9");
    }

    @Test
    void sameDataSameFingerprintDifferentDataDifferentFingerprint() throws IOException {
        Path a = npyFolder("a", 10, 2, 2, 2, 2);
        Path b = npyFolder("b", 10, 2, 2, 2, 2);
        assertThat(DataSets.load(a, 0.2, 1).fingerprint()).isEqualTo(DataSets.load(b, 0.5, 9).fingerprint());

        TestFiles.npyInt64(b.resolve("test_labels.npy"), 1, 1);
        assertThat(DataSets.load(a, 0.2, 1).fingerprint()).isNotEqualTo(DataSets.load(b, 0.2, 1).fingerprint());
    }

    /** An .npy folder: {@code n} train images of {@code rows x cols}, labels {@code i % k}, and {@code testN} test images. */
    private Path npyFolder(String name, int n, int k, int rows, int cols, int testN) throws IOException {
        Path dir = Files.createDirectory(tmp.resolve(name));
        String shape = "(%d, %d, %d)";
        TestFiles.npyUint8(dir.resolve("train_images.npy"), shape.formatted(n, rows, cols), TestFiles.pixels(n, rows, cols));
        TestFiles.npyInt64(dir.resolve("train_labels.npy"), cyclic(n, k));
        TestFiles.npyUint8(dir.resolve("test_images.npy"), shape.formatted(testN, rows, cols),
                TestFiles.pixels(testN, rows, cols));
        TestFiles.npyInt64(dir.resolve("test_labels.npy"), cyclic(testN, k));
        return dir;
    }

    private Path idxFolder(String name, boolean gzip, int n, int testN) throws IOException {
        Path dir = Files.createDirectory(tmp.resolve(name));
        String suffix = gzip ? ".gz" : "";
        for (List<Object> part : List.<List<Object>>of(List.of("train", n), List.of("t10k", testN))) {
            int count = (Integer) part.get(1);
            TestFiles.idx(dir.resolve(part.get(0) + "-images-idx3-ubyte" + suffix), IdxReader.IMAGES_MAGIC,
                    new int[] {count, 2, 3}, TestFiles.pixels(count, 2, 3), gzip);
            TestFiles.idxLabels(dir.resolve(part.get(0) + "-labels-idx1-ubyte" + suffix), gzip,
                    Arrays.stream(cyclic(count, 10)).mapToInt(v -> (int) v).toArray());
        }
        return dir;
    }

    private static long[] cyclic(int n, int k) {
        long[] labels = new long[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % k;
        }
        return labels;
    }
}
