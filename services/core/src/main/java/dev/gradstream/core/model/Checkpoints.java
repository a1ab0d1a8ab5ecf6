package dev.gradstream.core.model;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Saves and loads a {@link ParameterSet}: magic "GSCK", format version 1, tensor count, then per tensor
 * its name, rows, cols and values as big-endian doubles. Writes go to a temporary file first and are
 * moved into place, so a crash never leaves half a checkpoint.
 */
public final class Checkpoints {

    private static final int MAGIC = 0x4753434B; // "GSCK"
    private static final int VERSION = 1;
    private static final int MAX_TENSOR_VALUES = 1 << 28;

    private Checkpoints() {
    }

    public static void write(Path file, ParameterSet parameters) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp)))) {
            out.writeInt(MAGIC);
            out.writeInt(VERSION);
            out.writeInt(parameters.tensors().size());
            for (Tensor t : parameters.tensors()) {
                out.writeUTF(t.name());
                out.writeInt(t.rows());
                out.writeInt(t.cols());
                for (double v : t.values()) {
                    out.writeDouble(v);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write checkpoint " + file, e);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not move checkpoint into place at " + file, e);
        }
    }

    public static ParameterSet read(Path file) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            if (in.readInt() != MAGIC) {
                throw new IllegalArgumentException(file + ": not a gradstream checkpoint (bad magic)");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new IllegalArgumentException(file + ": checkpoint format version " + version
                        + " is not supported (expected " + VERSION + ")");
            }
            int count = in.readInt();
            if (count < 0 || count > 1000) {
                throw new IllegalArgumentException(file + ": implausible tensor count " + count);
            }
            List<Tensor> tensors = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                int rows = in.readInt();
                int cols = in.readInt();
                long n = (long) rows * cols;
                if (rows <= 0 || cols <= 0 || n > MAX_TENSOR_VALUES) {
                    throw new IllegalArgumentException(file + ": tensor " + name + " has impossible shape "
                            + rows + "x" + cols);
                }
                double[] values = new double[(int) n];
                for (int j = 0; j < values.length; j++) {
                    values[j] = in.readDouble();
                }
                tensors.add(new Tensor(name, rows, cols, values));
            }
            return new ParameterSet(tensors);
        } catch (EOFException e) {
            throw new IllegalArgumentException(file + ": checkpoint is truncated", e);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read checkpoint " + file, e);
        }
    }
}
