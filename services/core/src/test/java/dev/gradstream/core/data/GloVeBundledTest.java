package dev.gradstream.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The bundled GloVe class words, checked against the figures in its PROVENANCE.md and the shared files. */
class GloVeBundledTest {


    private static final List<String> ALL_WORDS = List.of("rabbit", "yoga", "hand", "snowman", "motorbike",
            "t-shirt", "top", "trouser", "pullover", "dress", "coat", "sandal", "shirt", "sneaker", "bag", "ankle",
            "boot", "trousers", "sandals", "sneakers", "boots", "motorcycle", "bunny", "zero", "one", "two", "three",
            "four", "five", "six", "seven", "eight", "nine");

    @Test
    @DisplayName("the resource is byte for byte the file of PROVENANCE.md (sha256 7267db5e...)")
    void resourceChecksum() throws IOException, NoSuchAlgorithmException {
        try (InputStream in = GloVeReader.class.getResourceAsStream(GloVeReader.BUNDLED_RESOURCE)) {
            assertThat(in).isNotNull();
            byte[] bytes = in.readAllBytes();
            assertThat(bytes).hasSize(28194);
            assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)))
                    .isEqualTo("7267db5e778c00561ea9b13497c8ea251836ace0491b9b74829fba0b01c40b6e");
        }
    }

    @Test
    @DisplayName("it holds all 33 listed words, 100-d, and covers the QuickDraw and Fashion-MNIST class names")
    void coversClassNames() {
        GloVeVectors v = GloVeReader.readBundled(ALL_WORDS);
        assertThat(v.vectors().keySet()).containsExactlyElementsOf(ALL_WORDS);
        assertThat(v.dimension()).isEqualTo(100);
        ClassEmbeddings quickDraw = ClassEmbeddings.load(ClassNames.QUICKDRAW_5, null);
        ClassEmbeddings fashion = ClassEmbeddings.load(ClassNames.FASHION_MNIST, null);
        assertThat(quickDraw.vectors()).hasSize(5 * 100);
        assertThat(fashion.vectors()).hasSize(10 * 100);
        assertThat(fashion.source()).isEqualTo("classpath:" + GloVeReader.BUNDLED_RESOURCE);
        assertThat(quickDraw.vector(0)).containsExactly(v.get("rabbit"));
        assertThat(fashion.vector(2)).containsExactly(v.get("pullover"));
    }

    @Test
    @DisplayName("values and L2 norms match PROVENANCE.md: rabbit[0..2], norms rabbit 5.1265 ... motorbike 4.9253")
    void provenanceFigures() {
        ClassEmbeddings e = ClassEmbeddings.load(ClassNames.QUICKDRAW_5, null);
        assertThat(e.vector(0)).startsWith(0.026533f, 0.041024f, 0.59194f);
        double[] norms = {5.1265, 6.2392, 5.0696, 4.1408, 4.9253};
        for (int k = 0; k < 5; k++) {
            assertThat(norm(e.vector(k))).as(ClassNames.QUICKDRAW_5.get(k)).isCloseTo(norms[k], within(5e-5));
        }
        // rabbit-hand 0.321 (the largest), snowman-yoga 0.029 (the smallest)
        assertThat(cos(e.vector(0), e.vector(2))).isCloseTo(0.321, within(5e-4));
        assertThat(cos(e.vector(3), e.vector(1))).isCloseTo(0.029, within(5e-4));
    }

    @Test
    @DisplayName("the shared top-5000 file, streamed for the class words it has, agrees with the bundled vectors")
    void agreesWithSharedTop5000() {
        GloVeVectors top = GloVeReader.read(dev.gradstream.core.SharedData.require("data/glove/glove.6B.100d.top5000.txt"),
                ALL_WORDS);
        GloVeVectors bundled = GloVeReader.readBundled(ALL_WORDS);
        assertThat(top.dimension()).isEqualTo(100);
        List<String> common = new ArrayList<>(top.vectors().keySet());
        assertThat(common).contains("one", "two", "hand", "top").hasSizeLessThan(ALL_WORDS.size());
        for (Map.Entry<String, float[]> entry : top.vectors().entrySet()) {
            assertThat(entry.getValue()).as(entry.getKey()).containsExactly(bundled.get(entry.getKey()));
        }
    }

    private static double norm(float[] v) {
        double s = 0;
        for (float x : v) {
            s += (double) x * x;
        }
        return Math.sqrt(s);
    }

    private static double cos(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
        }
        return dot / (norm(a) * norm(b));
    }
}
