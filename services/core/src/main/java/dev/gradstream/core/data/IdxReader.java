package dev.gradstream.core.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads MNIST IDX files, raw or gzip-compressed (detected by the gzip magic {@code 1f 8b}, not by the file
 * name). Supported are unsigned-byte labels (magic {@code 0x00000801}, shape {@code (N,)}) and unsigned-byte
 * images (magic {@code 0x00000803}, shape {@code (N, rows, cols)}). Layout: the big-endian int32 magic,
 * one big-endian int32 per dimension, then the bytes in C order.
 *
 * <p>Dimensions are checked before allocation: for a raw file against the file size; for a gzip stream,
 * whose decompressed size is unknown up front, the data is read in bounded chunks, so a corrupt header
 * claiming billions of images fails as "truncated" after reading what is actually there, never with an
 * {@link OutOfMemoryError}. Trailing bytes after the data are an error too.
 */
public final class IdxReader {

    public static final int LABELS_MAGIC = 0x00000801;
    public static final int IMAGES_MAGIC = 0x00000803;

    private static final int CHUNK_BYTES = 1 << 20;

    private IdxReader() {
    }

    public static NumericArray read(Path file) {
        String source = file.toString();
        try (InputStream in = Files.newInputStream(file)) {
            return read(source, in, Files.size(file));
        } catch (NoSuchFileException e) {
            throw new DataFormatException(source, "file not found", e);
        } catch (IOException e) {
            throw new DataFormatException(source, "cannot read: " + e, e);
        }
    }

    /**
     * Reads an IDX stream (raw or gzip) named {@code source} in error messages.
     *
     * @param knownSize the stream's size in bytes if known (a file), else -1 (a resource)
     */
    public static NumericArray read(String source, InputStream rawIn, long knownSize) {
        try {
            BufferedInputStream buffered = new BufferedInputStream(rawIn, 1 << 16);
            buffered.mark(2);
            int b0 = buffered.read();
            int b1 = buffered.read();
            buffered.reset();
            boolean gzip = b0 == 0x1f && b1 == 0x8b;
            InputStream in = gzip ? new GZIPInputStream(buffered, 1 << 16) : buffered;
            return parse(source, new DataInputStream(in), gzip ? -1 : knownSize);
        } catch (EOFException e) {
            throw new DataFormatException(source, "truncated (stream ended early: " + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new DataFormatException(source, "cannot read (corrupt gzip?): " + e.getMessage(), e);
        }
    }

    private static NumericArray parse(String source, DataInputStream in, long size) throws IOException {
        int magic = readHeaderInt(in, source, "magic number");
        if (magic != LABELS_MAGIC && magic != IMAGES_MAGIC) {
            throw new DataFormatException(source, String.format(
                    "magic number 0x%08X is not IDX unsigned-byte labels (0x%08X) or images (0x%08X)",
                    magic, LABELS_MAGIC, IMAGES_MAGIC));
        }
        int rank = magic & 0xff;
        int[] shape = new int[rank];
        long count = 1;
        boolean empty = false;
        for (int i = 0; i < rank; i++) {
            int d = readHeaderInt(in, source, "dimension " + i);
            if (d < 0) {
                throw new DataFormatException(source, "dimension " + i + " is " + d + " (negative)");
            }
            shape[i] = d;
            empty |= d == 0;
            // Saturate instead of overflowing: three factors below 2^31 can exceed a long.
            count = d == 0 || count <= Long.MAX_VALUE / d ? count * d : Long.MAX_VALUE;
        }
        if (empty) {
            count = 0;
        }
        String shapeText = NumericArray.shapeText(shape);
        long headerBytes = 4L + 4L * rank;
        if (size >= 0 && headerBytes + count != size) {
            long available = size - headerBytes;
            throw new DataFormatException(source, "shape " + shapeText + " needs " + count + " data bytes but the file has "
                    + available + " after the header (" + (available < count ? "truncated" : "trailing bytes") + ")");
        }
        if (count > NpyReader.MAX_ARRAY_LENGTH) {
            throw new DataFormatException(source, "shape " + shapeText + " has " + count
                    + " elements, more than one Java array can hold");
        }
        byte[] data = size >= 0 ? readKnown(in, (int) count, source, shapeText) : readChunked(in, (int) count, source, shapeText);
        if (in.read() >= 0) {
            throw new DataFormatException(source, "trailing bytes after the " + count + " data bytes of shape " + shapeText);
        }
        return NumericArray.ofUint8(source, shape, data);
    }

    private static byte[] readKnown(DataInputStream in, int count, String source, String shapeText) throws IOException {
        byte[] data = new byte[count];
        int got = in.readNBytes(data, 0, count);
        if (got < count) {
            throw truncated(source, shapeText, count, got);
        }
        return data;
    }

    /** Reads {@code count} bytes in chunks of at most 1 MiB, so memory grows only with what really arrives. */
    private static byte[] readChunked(DataInputStream in, int count, String source, String shapeText) throws IOException {
        List<byte[]> chunks = new ArrayList<>();
        int total = 0;
        while (total < count) {
            byte[] chunk = new byte[Math.min(CHUNK_BYTES, count - total)];
            int got = in.readNBytes(chunk, 0, chunk.length);
            total += got;
            if (got < chunk.length) {
                throw truncated(source, shapeText, count, total);
            }
            chunks.add(chunk);
        }
        if (chunks.size() == 1) {
            return chunks.get(0);
        }
        byte[] data = new byte[count];
        int at = 0;
        for (byte[] chunk : chunks) {
            System.arraycopy(chunk, 0, data, at, chunk.length);
            at += chunk.length;
        }
        return data;
    }

    private static DataFormatException truncated(String source, String shapeText, long count, long got) {
        return new DataFormatException(source, "truncated: shape " + shapeText + " needs " + count
                + " data bytes but the data ends after " + got);
    }

    private static int readHeaderInt(DataInputStream in, String source, String field) throws IOException {
        try {
            return in.readInt();
        } catch (EOFException e) {
            throw new DataFormatException(source, "truncated: the file ends inside the header (" + field + ")", e);
        }
    }
}
