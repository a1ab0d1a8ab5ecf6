package dev.gradstream.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NpyReaderTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "format version {0}.0")
    @ValueSource(ints = {1, 2, 3})
    @DisplayName("uint8 images round-trip in every format version")
    void uint8RoundTrip(int major) throws IOException {
        byte[] data = TestFiles.pixels(3, 2, 2);
        Path file = TestFiles.npy(dir.resolve("a.npy"), major, "|u1", "False", "(3, 2, 2)", data);

        NumericArray a = NpyReader.read(file);

        assertThat(a.dtype()).isEqualTo(NumericArray.Dtype.UINT8);
        assertThat(a.shape()).containsExactly(3, 2, 2);
        assertThat(a.uint8()).isEqualTo(data);
        assertThat(a.integerAt(5)).isEqualTo(data[5] & 0xff);
    }

    @Test
    @DisplayName("int64 values round-trip, including negatives and a Python 2 long shape")
    void int64RoundTrip() throws IOException {
        long[] values = {0, 4, -1, Long.MAX_VALUE, 7};
        Path file = TestFiles.npy(dir.resolve("l.npy"), 2, "<i8", "False", "(5L,)", TestFiles.int64Bytes(values));

        NumericArray a = NpyReader.read(file);

        assertThat(a.shape()).containsExactly(5);
        assertThat(a.int64()).containsExactly(values);
    }

    @Test
    @DisplayName("float32 values round-trip across chunk boundaries")
    void float32RoundTrip() throws IOException {
        float[] values = new float[300_001]; // > one 1 MiB chunk of floats
        for (int i = 0; i < values.length; i++) {
            values[i] = i * 0.5f - 3f;
        }
        Path file = TestFiles.npyFloat32(dir.resolve("f.npy"), "(" + values.length + ",)", values);

        NumericArray a = NpyReader.read(file);

        assertThat(a.dtype()).isEqualTo(NumericArray.Dtype.FLOAT32);
        assertThat(Arrays.equals(a.float32(), values)).isTrue();
    }

    @Test
    @DisplayName("a header with double quotes and no trailing comma still parses")
    void lenientLiteral() throws IOException {
        Path file = TestFiles.npyWithHeader(dir.resolve("q.npy"), 1,
                "{\"shape\": (2,), \"fortran_order\": False, \"descr\": \"|u1\"}", new byte[] {9, 8});
        assertThat(NpyReader.read(file).uint8()).containsExactly(9, 8);
    }

    @Test
    void fortranOrderIsRejected() throws IOException {
        Path file = TestFiles.npy(dir.resolve("fortran.npy"), 1, "|u1", "True", "(2, 2)", new byte[4]);
        assertFails(file, "fortran.npy", "fortran_order True");
    }

    @Test
    void bigEndianIsRejected() throws IOException {
        Path file = TestFiles.npy(dir.resolve("big.npy"), 1, ">i8", "False", "(1,)", new byte[8]);
        assertFails(file, "big.npy", "'>i8'", "big-endian");
    }

    @Test
    void otherDtypeIsRejected() throws IOException {
        Path file = TestFiles.npy(dir.resolve("f8.npy"), 1, "<f8", "False", "(1,)", new byte[8]);
        assertFails(file, "f8.npy", "'<f8'", "|u1, <i8, <f4");
    }

    @Test
    void structuredDtypeIsRejected() throws IOException {
        Path file = TestFiles.npyWithHeader(dir.resolve("s.npy"), 1,
                "{'descr': [('a', '<i4')], 'fortran_order': False, 'shape': (1,), }", new byte[4]);
        assertFails(file, "s.npy", "structured");
    }

    @Test
    void badMagicIsRejected() throws IOException {
        Path file = Files.write(dir.resolve("magic.npy"), "PK\u0003\u0004 this is a zip, not npy".getBytes());
        assertFails(file, "magic.npy", "bad magic");
    }

    @Test
    void unsupportedVersionIsRejected() throws IOException {
        Path file = TestFiles.npy(dir.resolve("v4.npy"), 2, "|u1", "False", "(1,)", new byte[1]);
        byte[] bytes = Files.readAllBytes(file);
        bytes[6] = 4;
        Files.write(file, bytes);
        assertFails(file, "v4.npy", "format version 4.0");
    }

    @Test
    void unparseableHeaderIsRejected() throws IOException {
        Path file = TestFiles.npyWithHeader(dir.resolve("junk.npy"), 1, "{'descr': '|u1', 'shape': (2,", new byte[2]);
        assertFails(file, "junk.npy", "header not parseable");
    }

    @Test
    void missingKeyIsRejected() throws IOException {
        Path file = TestFiles.npyWithHeader(dir.resolve("nokey.npy"), 1, "{'descr': '|u1', 'fortran_order': False}",
                new byte[2]);
        assertFails(file, "nokey.npy", "'shape'");
    }

    @Test
    void truncatedDataIsRejected() throws IOException {
        Path file = TestFiles.npyUint8(dir.resolve("short.npy"), "(3, 2, 2)", new byte[11]);
        assertFails(file, "short.npy", "(3, 2, 2)", "needs 12 data bytes but the file has 11", "truncated");
    }

    @Test
    void trailingBytesAreRejected() throws IOException {
        Path file = TestFiles.npyInt64(dir.resolve("long.npy"), 1, 2);
        Files.write(file, new byte[] {0}, java.nio.file.StandardOpenOption.APPEND);
        assertFails(file, "long.npy", "needs 16 data bytes but the file has 17", "trailing bytes");
    }

    @Test
    void headerRunningPastTheEndIsRejected() throws IOException {
        Path file = TestFiles.npyUint8(dir.resolve("cut.npy"), "(1,)", new byte[1]);
        Files.write(file, Arrays.copyOf(Files.readAllBytes(file), 30));
        assertFails(file, "cut.npy", "runs past the end of the file");
    }

    @Test
    @DisplayName("a header claiming 2^31 images of 28x28 fails on the size check, before any allocation")
    void absurdShapeFailsBeforeAllocating() throws IOException {
        Path file = TestFiles.npyUint8(dir.resolve("huge.npy"), "(2147483648, 28, 28)", new byte[784]);
        assertFails(file, "huge.npy", "(2147483648, 28, 28)", "needs 1683627180032 data bytes");
    }

    @Test
    void overflowingShapeIsRejected() throws IOException {
        Path file = TestFiles.npyUint8(dir.resolve("overflow.npy"), "(4611686018427387904, 4611686018427387904)",
                new byte[1]);
        assertFails(file, "overflow.npy", "absurd");
    }

    @Test
    void negativeDimensionIsRejected() throws IOException {
        Path file = TestFiles.npyUint8(dir.resolve("neg.npy"), "(-1, 4)", new byte[4]);
        assertFails(file, "neg.npy", "-1", "negative");
    }

    @Test
    void missingFileIsNamed() {
        assertFails(dir.resolve("nothere.npy"), "nothere.npy", "not found");
    }

    @Test
    void tooShortFileIsRejected() throws IOException {
        Path file = Files.write(dir.resolve("tiny.npy"), new byte[] {(byte) 0x93, 'N'});
        assertFails(file, "tiny.npy", "too short");
    }

    private static void assertFails(Path file, String... fragments) {
        assertThatThrownBy(() -> NpyReader.read(file))
                .isInstanceOf(DataFormatException.class)
                .message().contains(fragments);
    }
}
