package dev.gradstream.core.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded mutation fuzzing of every reader: header bytes flipped, dimensions set to absurd values, files
 * cut short or padded. Each mutant must either read or fail with a {@link DataFormatException} that
 * names the file, within a second, and never with another exception (OutOfMemoryError included).
 */
@DisplayName("Corrupted data files, fuzzed")
class MutationFuzzTest {

    private static final int MUTANTS = 400;

    @TempDir
    Path dir;

    private interface Reader {
        void read(Path file) throws Exception;
    }

    /** Mutates {@code seed} {@value #MUTANTS} times with a fixed random stream and reads each mutant. */
    private void fuzz(String name, byte[] seed, int headerBytes, Reader reader) throws IOException {
        SplittableRandom random = new SplittableRandom(name.hashCode());
        int refused = 0;
        for (int m = 0; m < MUTANTS; m++) {
            byte[] mutant = mutate(seed, headerBytes, random);
            Path file = dir.resolve(name);
            Files.write(file, mutant);
            int index = m;
            try {
                assertTimeoutPreemptively(Duration.ofSeconds(5), () -> reader.read(file),
                        () -> name + " mutant " + index + " hung");
            } catch (DataFormatException e) {
                refused++;
                assertThat(e.getMessage()).as("mutant %d of %s", m, name).contains(name);
            } catch (Throwable t) {
                throw new AssertionError(name + " mutant " + index + " failed with " + t + " instead of a "
                        + "DataFormatException", t);
            }
        }
        System.out.printf("%s: %d of %d mutants refused with a clear error, the rest read%n", name, refused, MUTANTS);
        assertThat(refused).as("the fuzzer reaches the error paths").isGreaterThan(MUTANTS / 4);
    }

    private static byte[] mutate(byte[] seed, int headerBytes, SplittableRandom random) {
        byte[] out = seed.clone();
        switch (random.nextInt(5)) {
            case 0 -> { // flip bytes in the header
                for (int i = 0, n = 1 + random.nextInt(4); i < n; i++) {
                    out[random.nextInt(Math.min(headerBytes, out.length))] = (byte) random.nextInt(256);
                }
            }
            case 1 -> { // an absurd big-endian or little-endian dimension somewhere in the header
                int at = random.nextInt(Math.max(1, Math.min(headerBytes, out.length) - 4));
                out[at] = (byte) 0x7f;
                out[at + 1] = (byte) random.nextInt(256);
            }
            case 2 -> out = java.util.Arrays.copyOf(out, random.nextInt(out.length)); // truncated
            case 3 -> out = java.util.Arrays.copyOf(out, out.length + 1 + random.nextInt(64)); // trailing bytes
            default -> { // flip bytes anywhere
                for (int i = 0, n = 1 + random.nextInt(8); i < n; i++) {
                    out[random.nextInt(out.length)] = (byte) random.nextInt(256);
                }
            }
        }
        return out;
    }

    @Test
    @DisplayName(".npy images and labels")
    void npy() throws IOException {
        byte[] images = Files.readAllBytes(TestFiles.npyUint8(dir.resolve("seed.npy"), "(6, 28, 28)",
                TestFiles.pixels(6, 28, 28)));
        fuzz("images.npy", images, 128, NpyReader::read);
        byte[] labels = Files.readAllBytes(TestFiles.npyInt64(dir.resolve("seed-labels.npy"), 0, 1, 2, 3, 4, 0));
        fuzz("labels.npy", labels, 128, NpyReader::read);
        byte[] floats = Files.readAllBytes(TestFiles.npyFloat32(dir.resolve("seed-f.npy"), "(2, 3)", 0f, .5f, 1f, .25f,
                .75f, 0f));
        fuzz("floats.npy", floats, 128, NpyReader::read);
    }

    @Test
    @DisplayName("IDX files, raw and gzip")
    void idx() throws IOException {
        byte[] raw = Files.readAllBytes(TestFiles.idx(dir.resolve("seed-idx"), IdxReader.IMAGES_MAGIC,
                new int[] {6, 28, 28}, TestFiles.pixels(6, 28, 28), false));
        fuzz("images-idx3-ubyte", raw, 16, IdxReader::read);
        fuzz("images-idx3-ubyte.gz", gzip(raw), 24, IdxReader::read);
        byte[] labels = Files.readAllBytes(TestFiles.idxLabels(dir.resolve("seed-labels"), false, 0, 1, 2, 3));
        fuzz("labels-idx1-ubyte", labels, 8, IdxReader::read);
    }

    @Test
    @DisplayName("GloVe text files")
    void glove() throws IOException {
        byte[] seed;
        try (InputStream in = GloVeReader.class.getResourceAsStream(GloVeReader.BUNDLED_RESOURCE)) {
            seed = in.readAllBytes();
        }
        String text = new String(seed, StandardCharsets.UTF_8);
        byte[] small = String.join("\n", text.lines().limit(6).toList()).concat("\n").getBytes(StandardCharsets.UTF_8);
        List<String> words = text.lines().limit(6).map(l -> l.substring(0, l.indexOf(' '))).toList();
        fuzz("vectors.txt", small, small.length, file -> GloVeReader.read(file, words));
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        }
        return out.toByteArray();
    }
}
