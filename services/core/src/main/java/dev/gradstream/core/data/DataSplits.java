package dev.gradstream.core.data;

import java.util.List;

/**
 * A data set split into train, validation and test, with its class names (index = label) and a
 * fingerprint (SHA-256 hex over the images and labels as read, before splitting).
 */
public record DataSplits(String name, List<String> classNames, String fingerprint,
                         Samples train, Samples validation, Samples test) {

    public DataSplits {
        classNames = List.copyOf(classNames);
    }

    public int numClasses() {
        return classNames.size();
    }

    public int features() {
        return train.features();
    }
}
