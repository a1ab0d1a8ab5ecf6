package dev.gradstream.core.data;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The word vectors kept from one GloVe file: only the words that were asked for and found.
 *
 * @param source    the file (or classpath resource) they came from, for error messages
 * @param dimension D, the length of every vector (0 when no word was found)
 * @param vectors   word -> its D values, in file order
 */
public record GloVeVectors(String source, int dimension, Map<String, float[]> vectors) {

    public GloVeVectors {
        vectors = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(vectors));
    }

    /** The vector of {@code word} (shared, do not modify), or null when the file does not have it. */
    public float[] get(String word) {
        return vectors.get(word);
    }

    /** Those of {@code words} the file does not have, in the given order, without repeats. */
    public List<String> missing(Collection<String> words) {
        return words.stream().distinct().filter(w -> !vectors.containsKey(w)).toList();
    }
}
