package dev.gradstream.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdxReaderTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "gzip = {0}")
    @ValueSource(booleans = {false, true})
    @DisplayName("images round-trip, raw and gzip, whatever the file name says")
    void imagesRoundTrip(boolean gzip) throws IOException {
        byte[] data = TestFiles.pixels(4, 3, 5);
        Path file = TestFiles.idx(dir.resolve("images-no-extension"), IdxReader.IMAGES_MAGIC, new int[] {4, 3, 5}, data, gzip);

        NumericArray a = IdxReader.read(file);

        assertThat(a.dtype()).isEqualTo(NumericArray.Dtype.UINT8);
        assertThat(a.shape()).containsExactly(4, 3, 5);
        assertThat(a.uint8()).isEqualTo(data);
    }

    @ParameterizedTest(name = "gzip = {0}")
    @ValueSource(booleans = {false, true})
    void labelsRoundTrip(boolean gzip) throws IOException {
        Path file = TestFiles.idxLabels(dir.resolve("labels.gz"), gzip, 0, 9, 255, 3);

        NumericArray a = IdxReader.read(file);

        assertThat(a.shape()).containsExactly(4);
        assertThat(new long[] {a.integerAt(0), a.integerAt(1), a.integerAt(2), a.integerAt(3)})
                .containsExactly(0, 9, 255, 3);
    }

    @Test
    @DisplayName("a gzip stream larger than one read chunk is reassembled in order")
    void largeGzipRoundTrip() throws IOException {
        byte[] data = TestFiles.pixels(3000, 28, 28); // 2.35 MB: three chunks
        Path file = TestFiles.idx(dir.resolve("big.gz"), IdxReader.IMAGES_MAGIC, new int[] {3000, 28, 28}, data, true);
        assertThat(Arrays.equals(IdxReader.read(file).uint8(), data)).isTrue();
    }

    @Test
    void resourceStreamWithoutKnownSizeReads() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(ByteBuffer.allocate(12).putInt(IdxReader.LABELS_MAGIC).putInt(2).array(), 0, 8);
            gz.write(new byte[] {4, 1});
        }
        NumericArray a = IdxReader.read("res/labels.gz", new ByteArrayInputStream(bytes.toByteArray()), -1);
        assertThat(a.uint8()).containsExactly(4, 1);
    }

    @ParameterizedTest(name = "gzip = {0}")
    @ValueSource(booleans = {false, true})
    void wrongMagicIsRejected(boolean gzip) throws IOException {
        Path file = TestFiles.idx(dir.resolve("float-images"), 0x00000D03, new int[] {1, 2, 2}, new byte[16], gzip);
        assertFails(file, "float-images", "magic number 0x00000D03");
    }

    @ParameterizedTest(name = "gzip = {0}")
    @ValueSource(booleans = {false, true})
    void truncatedDataIsRejected(boolean gzip) throws IOException {
        Path file = TestFiles.idx(dir.resolve("short"), IdxReader.IMAGES_MAGIC, new int[] {2, 2, 2}, new byte[7], gzip);
        assertFails(file, "short", "(2, 2, 2)", "truncated");
    }

    @ParameterizedTest(name = "gzip = {0}")
    @ValueSource(booleans = {false, true})
    void trailingBytesAreRejected(boolean gzip) throws IOException {
        Path file = TestFiles.idx(dir.resolve("long"), IdxReader.LABELS_MAGIC, new int[] {2}, new byte[3], gzip);
        assertFails(file, "long", "trailing bytes");
    }

    @Test
    void truncatedHeaderIsRejected() throws IOException {
        Path file = Files.write(dir.resolve("stub"), new byte[] {0, 0, 8, 3, 0, 0});
        assertFails(file, "stub", "truncated", "header");
    }

    @Test
    void negativeDimensionIsRejected() throws IOException {
        Path file = TestFiles.idx(dir.resolve("neg"), IdxReader.IMAGES_MAGIC, new int[] {Integer.MIN_VALUE, 28, 28},
                new byte[0], false);
        assertFails(file, "neg", "dimension 0 is -2147483648");
    }

    @ParameterizedTest(name = "gzip = {0}")
    @ValueSource(booleans = {false, true})
    @DisplayName("a header claiming 2^31-1 images fails cleanly, before allocating")
    void absurdCountFailsBeforeAllocating(boolean gzip) throws IOException {
        Path file = TestFiles.idx(dir.resolve("huge"), IdxReader.IMAGES_MAGIC, new int[] {Integer.MAX_VALUE, 28, 28},
                new byte[784], gzip);
        assertFails(file, "huge", "(2147483647, 28, 28)");
    }

    @Test
    @DisplayName("a gzip header claiming 2,000,000 images (1.5 GB) reads only what is there and reports truncation")
    void gzipClaimingTooMuchFailsAsTruncated() throws IOException {
        Path file = TestFiles.idx(dir.resolve("liar.gz"), IdxReader.IMAGES_MAGIC, new int[] {2_000_000, 28, 28},
                new byte[5 * 784], true);
        assertFails(file, "liar.gz", "truncated", "needs 1568000000 data bytes but the data ends after 3920");
    }

    @Test
    void corruptGzipIsRejected() throws IOException {
        Path file = Files.write(dir.resolve("corrupt.gz"), new byte[] {0x1f, (byte) 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9});
        assertThatThrownBy(() -> IdxReader.read(file)).isInstanceOf(DataFormatException.class).hasMessageContaining("corrupt.gz");
    }

    @Test
    void missingFileIsNamed() {
        assertFails(dir.resolve("absent-idx1-ubyte"), "absent-idx1-ubyte", "not found");
    }

    private static void assertFails(Path file, String... fragments) {
        assertThatThrownBy(() -> IdxReader.read(file))
                .isInstanceOf(DataFormatException.class)
                .message().contains(fragments);
    }
}
