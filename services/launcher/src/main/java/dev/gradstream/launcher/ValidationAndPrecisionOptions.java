package dev.gradstream.launcher;

import dev.gradstream.core.model.Precision;
import picocli.CommandLine.Option;

/**
 * How every run of train and sweep splits its data and computes: the validation share and the floating-point
 * precision (a sweep varies the other hyperparameters, so those are declared by each command).
 */
final class ValidationAndPrecisionOptions {

    @Option(names = "--validation-fraction", defaultValue = "0.2",
            description = "Share of the training pool held out for validation (default: ${DEFAULT-VALUE}).")
    double validationFraction;

    @Option(names = "--precision", defaultValue = "float32", description = "float32 or float64 (default: ${DEFAULT-VALUE}).")
    String precision;

    /** The precision named; an unknown name fails naming it. */
    Precision parsedPrecision() {
        return Precision.parse(precision);
    }
}
