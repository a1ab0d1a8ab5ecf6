package dev.gradstream.core.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The word vector of every class name, for the Part II word network: row k of {@link #vectors()} is the
 * mean of the GloVe vectors of class k's words. A class name's words are its lower-cased text split on
 * spaces and '/', hyphens kept ("t-shirt" is a GloVe word): "T-shirt/top" -> t-shirt, top; "Ankle boot" ->
 * ankle, boot.
 *
 * @param classNames the class names, in label order
 * @param dimension  D, the word-vector length
 * @param vectors    row-major {@code classNames.size() x D}, in class order
 * @param source     the GloVe file (or classpath resource) the vectors came from
 */
public record ClassEmbeddings(List<String> classNames, int dimension, float[] vectors, String source) {

    public ClassEmbeddings {
        classNames = List.copyOf(classNames);
        vectors = vectors.clone();
        if (vectors.length != classNames.size() * dimension) {
            throw new IllegalArgumentException(vectors.length + " values for " + classNames.size() + " classes x "
                    + dimension + " dimensions");
        }
    }

    @Override
    public float[] vectors() {
        return vectors.clone();
    }

    /**
     * The class vectors of {@code classNames} from {@code gloveFile}, or from the bundled GloVe 6B 100-d class
     * words ({@link GloVeReader#BUNDLED_RESOURCE}) when it is null. The file is streamed; only class words
     * are kept.
     *
     * @throws DataFormatException naming the file and listing every class word it lacks, or a malformed line
     */
    public static ClassEmbeddings load(List<String> classNames, Path gloveFile) {
        List<String> words = new ArrayList<>();
        for (String name : classNames) {
            words.addAll(words(name));
        }
        GloVeVectors glove = gloveFile == null ? GloVeReader.readBundled(words) : GloVeReader.read(gloveFile, words);
        return of(classNames, glove);
    }

    /**
     * The class vectors of {@code classNames} from vectors already read.
     *
     * @throws DataFormatException naming the file and listing every class word it lacks
     */
    public static ClassEmbeddings of(List<String> classNames, GloVeVectors glove) {
        if (classNames.isEmpty()) {
            throw new IllegalArgumentException("no class names");
        }
        List<List<String>> classWords = classNames.stream().map(ClassEmbeddings::words).toList();
        Set<String> missing = new LinkedHashSet<>();
        for (List<String> words : classWords) {
            missing.addAll(glove.missing(words));
        }
        if (!missing.isEmpty()) {
            List<String> classes = new ArrayList<>();
            for (int k = 0; k < classNames.size(); k++) {
                if (classWords.get(k).stream().anyMatch(missing::contains)) {
                    classes.add("'" + classNames.get(k) + "'");
                }
            }
            throw new DataFormatException(glove.source(), "no vector for the class word" + (missing.size() > 1 ? "s " : " ")
                    + String.join(", ", missing) + " (of class" + (classes.size() > 1 ? "es " : " ")
                    + String.join(", ", classes) + ")");
        }
        int d = glove.dimension();
        float[] out = new float[classNames.size() * d];
        double[] sum = new double[d];
        for (int k = 0; k < classNames.size(); k++) {
            Arrays.fill(sum, 0.0);
            List<String> words = classWords.get(k);
            for (String word : words) {
                float[] v = glove.get(word);
                for (int j = 0; j < d; j++) {
                    sum[j] += v[j];
                }
            }
            for (int j = 0; j < d; j++) {
                out[k * d + j] = (float) (sum[j] / words.size());
            }
        }
        return new ClassEmbeddings(classNames, d, out, glove.source());
    }

    /**
     * The GloVe words of a class name: lower-cased (root locale), split on spaces and '/', empty parts dropped.
     *
     * @throws IllegalArgumentException when the name has no words
     */
    public static List<String> words(String className) {
        List<String> words = Arrays.stream(className.toLowerCase(Locale.ROOT).split("[ /]+"))
                .filter(w -> !w.isEmpty()).toList();
        if (words.isEmpty()) {
            throw new IllegalArgumentException("class name '" + className + "' has no words");
        }
        return words;
    }

    /** Row {@code k}: the vector of class {@code k} (a copy). */
    public float[] vector(int k) {
        return Arrays.copyOfRange(vectors, k * dimension, (k + 1) * dimension);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClassEmbeddings c && c.classNames.equals(classNames) && c.dimension == dimension
                && Arrays.equals(c.vectors, vectors) && c.source.equals(source);
    }

    @Override
    public int hashCode() {
        return classNames.hashCode() * 31 + Arrays.hashCode(vectors);
    }

    @Override
    public String toString() {
        return classNames.size() + " class vectors x " + dimension + " from " + source;
    }
}
