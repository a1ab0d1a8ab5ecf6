package dev.gradstream.core.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes small .npy and IDX files byte by byte, so tests can also write broken ones. */
final class TestFiles {

    private TestFiles() {
    }

    /** A .npy file with the given version, raw header fields and data bytes; the header is padded as NumPy pads it. */
    static Path npy(Path file, int major, String descr, String fortranOrder, String shape, byte[] data) throws IOException {
        String dict = "{'descr': '" + descr + "', 'fortran_order': " + fortranOrder + ", 'shape': " + shape + ", }";
        return npyWithHeader(file, major, dict, data);
    }

    static Path npyWithHeader(Path file, int major, String dict, byte[] data) throws IOException {
        int prefix = major == 1 ? 10 : 12;
        StringBuilder header = new StringBuilder(dict);
        while ((prefix + header.length() + 1) % 64 != 0) {
            header.append(' ');
        }
        header.append('\n');
        byte[] text = header.toString().getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        ByteBuffer pre = ByteBuffer.allocate(prefix).order(ByteOrder.LITTLE_ENDIAN);
        pre.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        if (major == 1) {
            pre.putShort((short) text.length);
        } else {
            pre.putInt(text.length);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(pre.array());
        out.write(text);
        out.write(data);
        return Files.write(file, out.toByteArray());
    }

    static Path npyUint8(Path file, String shape, byte[] data) throws IOException {
        return npy(file, 1, "|u1", "False", shape, data);
    }

    static Path npyInt64(Path file, long... values) throws IOException {
        return npy(file, 1, "<i8", "False", "(" + values.length + ",)", int64Bytes(values));
    }

    static Path npyFloat32(Path file, String shape, float... values) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return npy(file, 1, "<f4", "False", shape, b.array());
    }

    static byte[] int64Bytes(long... values) {
        ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            b.putLong(v);
        }
        return b.array();
    }

    /** An IDX file: big-endian magic and dims, then the bytes; gzip-compressed when asked. */
    static Path idx(Path file, int magic, int[] dims, byte[] data, boolean gzip) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(4 + 4 * dims.length).order(ByteOrder.BIG_ENDIAN);
        header.putInt(magic);
        for (int d : dims) {
            header.putInt(d);
        }
        try (OutputStream raw = Files.newOutputStream(file);
             OutputStream out = gzip ? new GZIPOutputStream(raw) : raw) {
            out.write(header.array());
            out.write(data);
        }
        return file;
    }

    static Path idxLabels(Path file, boolean gzip, int... labels) throws IOException {
        byte[] data = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
            data[i] = (byte) labels[i];
        }
        return idx(file, IdxReader.LABELS_MAGIC, new int[] {labels.length}, data, gzip);
    }

    /** {@code n} images of {@code rows x cols} whose pixel j of image i is {@code (i * 31 + j * 7) & 0xff}. */
    static byte[] pixels(int n, int rows, int cols) {
        byte[] data = new byte[n * rows * cols];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < rows * cols; j++) {
                data[i * rows * cols + j] = (byte) ((i * 31 + j * 7) & 0xff);
            }
        }
        return data;
    }
}
