package dev.gradstream.core.data;

/**
 * A data file that cannot be used as given: wrong magic, unsupported dtype, truncated, counts that do not
 * match, labels out of range, missing files. The message always starts with the file (or folder) it is
 * about and names the field or value that is wrong, e.g.
 * {@code "train_labels.npy: label 7 at index 12 is outside 0..4"}.
 */
public class DataFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public DataFormatException(String source, String problem) {
        super(source + ": " + problem);
    }

    public DataFormatException(String source, String problem, Throwable cause) {
        super(source + ": " + problem, cause);
    }
}
