package dev.gradstream.core.training;

/** Which part of the data a prediction or metric is about. */
public enum Split {
    TRAIN,
    VALIDATION,
    TEST
}
