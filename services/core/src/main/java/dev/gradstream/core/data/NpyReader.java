package dev.gradstream.core.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads NumPy {@code .npy} files, format versions 1.0, 2.0 and 3.0, with dtype {@code |u1}, {@code <i8} or
 * {@code <f4} in C order. Layout: the magic {@code \x93NUMPY}, major and minor version bytes, the header
 * length (uint16 little-endian in 1.x, uint32 in 2.x and 3.x), the header dictionary (latin-1, UTF-8 in
 * 3.x; see {@link NpyHeader}), then the raw little-endian data.
 *
 * <p>The shape is checked against the file's actual size before any data array is allocated, so a corrupt
 * header claiming billions of elements fails with a {@link DataFormatException} rather than an
 * {@link OutOfMemoryError}. Anything else (Fortran order, big-endian or other dtypes, truncated files,
 * trailing bytes) is also a {@link DataFormatException} naming the file and the offending field.
 */
public final class NpyReader {

    /** Largest element count a Java array can hold on common JVMs. */
    static final long MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int CHUNK_BYTES = 1 << 20;

    private NpyReader() {
    }

    public static NumericArray read(Path file) {
        String source = file.toString();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long fileSize = channel.size();
            if (fileSize < 10) {
                throw new DataFormatException(source, "only " + fileSize + " bytes, too short for a .npy header");
            }
            ByteBuffer preamble = readExactly(channel, 12 > fileSize ? 10 : 12, source, "preamble");
            for (int i = 0; i < MAGIC.length; i++) {
                if (preamble.get(i) != MAGIC[i]) {
                    throw new DataFormatException(source, "bad magic: not a .npy file (expected \\x93NUMPY, found "
                            + hex(preamble, 6) + ")");
                }
            }
            int major = preamble.get(6) & 0xff;
            int minor = preamble.get(7) & 0xff;
            long headerLength;
            int headerStart;
            if (major == 1) {
                headerLength = preamble.getShort(8) & 0xffff;
                headerStart = 10;
            } else if (major == 2 || major == 3) {
                if (preamble.limit() < 12) {
                    throw new DataFormatException(source, "only " + fileSize + " bytes, too short for a .npy "
                            + major + ".x header");
                }
                headerLength = preamble.getInt(8) & 0xffffffffL;
                headerStart = 12;
            } else {
                throw new DataFormatException(source, "format version " + major + "." + minor
                        + " is not supported (1.0, 2.0 and 3.0 are)");
            }
            long dataStart = headerStart + headerLength;
            if (dataStart > fileSize) {
                throw new DataFormatException(source, "header length " + headerLength
                        + " runs past the end of the file (" + fileSize + " bytes): truncated");
            }
            channel.position(headerStart);
            ByteBuffer headerBytes = readExactly(channel, (int) headerLength, source, "header");
            String text = new String(headerBytes.array(), 0, (int) headerLength,
                    major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            NpyHeader header = NpyHeader.parse(source, text);
            return readData(channel, source, header, fileSize - dataStart);
        } catch (NoSuchFileException e) {
            throw new DataFormatException(source, "file not found", e);
        } catch (IOException e) {
            throw new DataFormatException(source, "cannot read: " + e, e);
        }
    }

    private static NumericArray readData(FileChannel channel, String source, NpyHeader header, long dataBytes)
            throws IOException {
        if (header.fortranOrder()) {
            throw new DataFormatException(source, "fortran_order True is not supported (save with C order)");
        }
        NumericArray.Dtype dtype = switch (header.descr()) {
            case "|u1", "<u1" -> NumericArray.Dtype.UINT8;
            case "<i8" -> NumericArray.Dtype.INT64;
            case "<f4" -> NumericArray.Dtype.FLOAT32;
            default -> throw new DataFormatException(source, "descr '" + header.descr() + "' is not supported"
                    + (header.descr().startsWith(">") ? " (big-endian)" : "") + "; supported are |u1, <i8, <f4");
        };
        int itemBytes = switch (dtype) {
            case UINT8 -> 1;
            case INT64 -> 8;
            case FLOAT32 -> 4;
        };
        long[] dims = header.shape();
        String shapeText = shapeText(dims);
        long count = 1;
        long expectedBytes;
        try {
            for (long d : dims) {
                count = Math.multiplyExact(count, d);
            }
            expectedBytes = Math.multiplyExact(count, itemBytes);
        } catch (ArithmeticException e) {
            throw new DataFormatException(source, "shape " + shapeText + " is absurd (more than 2^63 bytes)");
        }
        if (expectedBytes != dataBytes) {
            throw new DataFormatException(source, "shape " + shapeText + " of " + header.descr() + " needs "
                    + expectedBytes + " data bytes but the file has " + dataBytes + " after the header ("
                    + (dataBytes < expectedBytes ? "truncated" : "trailing bytes") + ")");
        }
        if (count > MAX_ARRAY_LENGTH) {
            throw new DataFormatException(source, "shape " + shapeText + " has " + count
                    + " elements, more than one Java array can hold");
        }
        int[] shape = new int[dims.length];
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] > MAX_ARRAY_LENGTH) { // possible only when another entry is 0
                throw new DataFormatException(source, "shape entry " + dims[i] + " is absurd");
            }
            shape[i] = (int) dims[i];
        }
        int n = (int) count;
        return switch (dtype) {
            case UINT8 -> {
                byte[] data = new byte[n];
                readFully(channel, ByteBuffer.wrap(data), source, "data");
                yield NumericArray.ofUint8(source, shape, data);
            }
            case INT64 -> {
                long[] data = new long[n];
                readChunked(channel, n, Long.BYTES, source, (buffer, done, k) -> buffer.asLongBuffer().get(data, done, k));
                yield NumericArray.ofInt64(source, shape, data);
            }
            case FLOAT32 -> {
                float[] data = new float[n];
                readChunked(channel, n, Float.BYTES, source, (buffer, done, k) -> buffer.asFloatBuffer().get(data, done, k));
                yield NumericArray.ofFloat32(source, shape, data);
            }
        };
    }

    /** Receives elements {@code [done, done + count)} of the data, little-endian, in {@code buffer}. */
    private interface ChunkSink {
        void accept(ByteBuffer buffer, int done, int count);
    }

    /** Reads {@code n} elements of {@code elementBytes} each, at most {@link #CHUNK_BYTES} at a time. */
    private static void readChunked(FileChannel channel, int n, int elementBytes, String source, ChunkSink sink)
            throws IOException {
        int done = 0;
        while (done < n) {
            int k = Math.min(n - done, CHUNK_BYTES / elementBytes);
            sink.accept(readExactly(channel, k * elementBytes, source, "data"), done, k);
            done += k;
        }
    }

    private static ByteBuffer readExactly(FileChannel channel, int n, String source, String what) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
        readFully(channel, buffer, source, what);
        buffer.flip();
        return buffer;
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, String source, String what)
            throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new DataFormatException(source, "file ended early, truncated while reading the " + what);
            }
        }
    }

    private static String shapeText(long[] dims) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < dims.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(dims[i]);
        }
        return sb.append(dims.length == 1 ? ",)" : ")").toString();
    }

    private static String hex(ByteBuffer buffer, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : " ").append(String.format("%02x", buffer.get(i) & 0xff));
        }
        return sb.toString();
    }
}
