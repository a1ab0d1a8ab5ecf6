package dev.gradstream.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The bundled QuickDraw set, and the real data files in ../shared/data when present (skipped otherwise). */
class BundledAndSharedDataTest {


    @Test
    @DisplayName("the bundled default loads as 3,200 / 800 / 1,000, i.e. 640 / 160 / 200 per class")
    void bundledDefaultSizes() {
        DataSplits splits = DataSets.load(null, DataSets.DEFAULT_VALIDATION_FRACTION, 11);

        assertThat(splits.name()).isEqualTo("quickdraw-5");
        assertThat(splits.classNames()).containsExactly("rabbit", "yoga", "hand", "snowman", "motorbike");
        assertThat(splits.features()).isEqualTo(784);
        assertThat(splits.train().count()).isEqualTo(3200);
        assertThat(splits.validation().count()).isEqualTo(800);
        assertThat(splits.test().count()).isEqualTo(1000);
        assertThat(perClass(splits.train())).containsExactly(640, 640, 640, 640, 640);
        assertThat(perClass(splits.validation())).containsExactly(160, 160, 160, 160, 160);
        assertThat(perClass(splits.test())).containsExactly(200, 200, 200, 200, 200);
        float min = Float.MAX_VALUE;
        float max = -Float.MAX_VALUE;
        for (float v : splits.train().x()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        assertThat(min).isEqualTo(0f);
        assertThat(max).isEqualTo(1f);
    }

    @Test
    @DisplayName("the bundled split is deterministic, disjoint, and its test part does not depend on the seed")
    void bundledSplitDeterministicAndDisjoint() throws IOException {
        DataSplits a = DataSets.load(null, 0.2, 5);
        DataSplits b = DataSets.load(null, 0.2, 5);
        DataSplits c = DataSets.load(null, 0.2, 6);

        assertThat(a.train().x()).isEqualTo(b.train().x());
        assertThat(a.validation().labels()).isEqualTo(b.validation().labels());
        assertThat(a.fingerprint()).isEqualTo(c.fingerprint());
        assertThat(a.test().x()).isEqualTo(c.test().x());
        assertThat(Arrays.equals(a.train().x(), c.train().x())).isFalse();

        // Disjoint and complete: the three parts together hold exactly the 5,000 source images, each as often
        // as the source does (a few drawings may genuinely occur twice).
        assertThat(multiset(a.train(), a.validation(), a.test())).isEqualTo(multiset(bundledSource()));
    }

    @Test
    @DisplayName("the handout's .npy files equal their IDX copies")
    void quickDrawNpyEqualsIdx() {
        Path quickdraw = dev.gradstream.core.SharedData.require("data/quickdraw_subset_np");
        NumericArray npyImages = NpyReader.read(quickdraw.resolve("test_images.npy"));
        NumericArray idxImages = IdxReader.read(quickdraw.resolve("test-images-idx3-ubyte.gz"));
        NumericArray npyLabels = NpyReader.read(quickdraw.resolve("test_labels.npy"));
        NumericArray idxLabels = IdxReader.read(quickdraw.resolve("test-labels-idx1-ubyte.gz"));
        NumericArray npyTrainLabels = NpyReader.read(quickdraw.resolve("train_labels.npy"));
        NumericArray idxTrainLabels = IdxReader.read(quickdraw.resolve("train-labels-idx1-ubyte.gz"));

        assertThat(npyImages.shape()).containsExactly(5000, 28, 28);
        assertThat(npyImages.shape()).isEqualTo(idxImages.shape());
        assertThat(Arrays.equals(npyImages.uint8(), idxImages.uint8())).isTrue();
        assertThat(npyLabels.dtype()).isEqualTo(NumericArray.Dtype.INT64);
        assertSameIntegers(npyLabels, idxLabels);
        assertSameIntegers(npyTrainLabels, idxTrainLabels);
        assertThat(npyTrainLabels.shape()).containsExactly(20000);
    }

    @Test
    @DisplayName("the bundled copy fingerprints like the handout's .npy files")
    void bundledFingerprintMatchesNpy() {
        Path quickdraw = dev.gradstream.core.SharedData.require("data/quickdraw_subset_np");
        LabelledImages npy = LabelledImages.of(NpyReader.read(quickdraw.resolve("test_images.npy")),
                NpyReader.read(quickdraw.resolve("test_labels.npy")));
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
        npy.digest(md);
        assertThat(HexFormat.of().formatHex(md.digest())).isEqualTo(DataSets.load(null, 0.2, 1).fingerprint());
    }

    @Test
    @DisplayName("the Fashion-MNIST folder loads with 60,000 / 10,000 images and 10 names")
    void fashionMnistLoads() {
        Path dir = dev.gradstream.core.SharedData.require("data/fashion-mnist");

        DataSplits splits = DataSets.load(dir, 0.2, 1);

        assertThat(splits.name()).isEqualTo("fashion-mnist");
        assertThat(splits.classNames()).isEqualTo(ClassNames.FASHION_MNIST);
        assertThat(splits.train().count() + splits.validation().count()).isEqualTo(60_000);
        assertThat(splits.validation().count()).isEqualTo(12_000);
        assertThat(splits.test().count()).isEqualTo(10_000);
        assertThat(perClass(splits.test())).hasSize(10).containsOnly(1000);
        assertThat(splits.features()).isEqualTo(784);
    }

    private static void assertSameIntegers(NumericArray a, NumericArray b) {
        assertThat(a.size()).isEqualTo(b.size());
        for (int i = 0; i < a.size(); i++) {
            assertThat(a.integerAt(i)).as("label %d", i).isEqualTo(b.integerAt(i));
        }
    }

    /** Samples per class, for every class index up to the largest label. */
    private static int[] perClass(Samples s) {
        int[] counts = new int[Arrays.stream(s.labels()).max().orElse(-1) + 1];
        for (int label : s.labels()) {
            counts[label]++;
        }
        return counts;
    }

    private static Map<String, Long> multiset(Samples... parts) {
        Map<String, Long> counts = new HashMap<>();
        for (Samples s : parts) {
            for (int i = 0; i < s.count(); i++) {
                String key = s.labels()[i] + ":" + Arrays.toString(Arrays.copyOfRange(s.x(), i * s.features(), (i + 1) * s.features()));
                counts.merge(key, 1L, Long::sum);
            }
        }
        return counts;
    }

    private static Samples bundledSource() throws IOException {
        String dir = DataSets.BUNDLED_RESOURCES;
        try (InputStream images = DataSets.class.getResourceAsStream(dir + "test-images-idx3-ubyte.gz");
             InputStream labels = DataSets.class.getResourceAsStream(dir + "test-labels-idx1-ubyte.gz")) {
            LabelledImages all = LabelledImages.of(IdxReader.read("images", images, -1), IdxReader.read("labels", labels, -1));
            return all.select(IntStream.range(0, all.count()).toArray());
        }
    }
}
