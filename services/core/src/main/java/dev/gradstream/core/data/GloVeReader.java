package dev.gradstream.core.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads GloVe text files ({@code word v1 ... vD} per line, single spaces, UTF-8, no header), keeping only
 * the words asked for. The file is streamed line by line and a line is split only when its word is wanted,
 * so the full 400,000-word glove.6B files cost one pass and a handful of vectors of memory.
 *
 * <p>Every kept line is checked: it must have the same number of values as the first kept line (which sets
 * D), each value must be a plain decimal number that fits a float (not NaN), and a wanted word may appear only once. Lines of other
 * words are not parsed, so their defects go unnoticed. Each problem is a {@link DataFormatException} naming
 * the file, the 1-based line number and the word, e.g.
 * {@code "glove.txt: line 12 (word 'boot'): 99 values, expected 100 as on line 3"}.
 */
public final class GloVeReader {

    /** Classpath location of the bundled class-word vectors (GloVe 6B 100-d; see PROVENANCE.md beside it). */
    public static final String BUNDLED_RESOURCE = "/dev/gradstream/core/data/glove/glove.6B.100d.classes.txt";

    /** A plain decimal float as GloVe writes it; Java's own parser would also take "1f", "0x1p3", " 1". */
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private GloVeReader() {
    }

    /** The vectors of those of {@code words} that {@code file} has. */
    public static GloVeVectors read(Path file, Collection<String> words) {
        String source = file.toString();
        try (InputStream in = Files.newInputStream(file)) {
            return read(source, in, words);
        } catch (NoSuchFileException e) {
            throw new DataFormatException(source, "file not found", e);
        } catch (IOException e) {
            throw new DataFormatException(source, "cannot read: " + e, e);
        }
    }

    /** The vectors of those of {@code words} that the bundled resource {@value #BUNDLED_RESOURCE} has. */
    public static GloVeVectors readBundled(Collection<String> words) {
        String source = "classpath:" + BUNDLED_RESOURCE;
        InputStream in = GloVeReader.class.getResourceAsStream(BUNDLED_RESOURCE);
        if (in == null) {
            throw new DataFormatException(source, "missing from the classpath");
        }
        return read(source, in, words);
    }

    /** Reads a GloVe stream named {@code source} in messages, keeping {@code words}; closes the stream. */
    public static GloVeVectors read(String source, InputStream in, Collection<String> words) {
        Set<String> wanted = Set.copyOf(words);
        Map<String, float[]> kept = new LinkedHashMap<>();
        Map<String, Integer> keptOnLine = new HashMap<>();
        int dimension = 0;
        int dimensionLine = 0;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16)) {
            int lineNumber = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNumber++;
                int space = line.indexOf(' ');
                String word = space < 0 ? line : line.substring(0, space);
                if (!wanted.contains(word)) {
                    continue;
                }
                String where = "line " + lineNumber + " (word '" + word + "')";
                Integer earlier = keptOnLine.putIfAbsent(word, lineNumber);
                if (earlier != null) {
                    throw new DataFormatException(source, where + ": repeats the word of line " + earlier);
                }
                float[] vector = parseValues(source, where, line, space);
                if (dimension == 0) {
                    dimension = vector.length;
                    dimensionLine = lineNumber;
                } else if (vector.length != dimension) {
                    throw new DataFormatException(source, where + ": " + vector.length + " values, expected "
                            + dimension + " as on line " + dimensionLine);
                }
                kept.put(word, vector);
            }
        } catch (IOException e) {
            throw new DataFormatException(source, "cannot read: " + e, e);
        }
        return new GloVeVectors(source, dimension, kept);
    }

    /** The values after the word: single-space separated, finite floats, at least one. */
    private static float[] parseValues(String source, String where, String line, int space) {
        if (space < 0 || space == line.length() - 1) {
            throw new DataFormatException(source, where + ": no values after the word (expected 'word v1 ... vD')");
        }
        String[] fields = line.substring(space + 1).split(" ", -1);
        float[] values = new float[fields.length];
        for (int i = 0; i < fields.length; i++) {
            String field = fields[i];
            float v;
            try {
                v = Float.parseFloat(field);
            } catch (NumberFormatException e) {
                v = Float.NaN;
            }
            String problem = field.isEmpty() ? "is empty (fields must be separated by single spaces)"
                    : field.replaceFirst("^[+-]", "").equalsIgnoreCase("nan") ? "is NaN"
                    : !DECIMAL.matcher(field).matches() ? "is not a decimal number"
                    : Float.isInfinite(v) ? "overflows a float" : null;
            if (problem != null) {
                throw new DataFormatException(source, where + ": value " + (i + 1) + " '" + field + "' " + problem);
            }
            values[i] = v;
        }
        return values;
    }
}
