package dev.gradstream.sweep;

import dev.gradstream.core.training.TrainingConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The configurations a sweep tries: the Cartesian product of four axes (hidden widths, learning rate,
 * momentum, batch size), everything else taken from a base configuration. The assignment's two searches
 * are presets: {@link #DEPTH} (1, 2, 3 hidden layers of 128) and {@link #GRID} (lr {0.001, 0.01, 0.1} x
 * momentum {0.8, 0.9} x batch {32, 64, 128}); an axis left empty keeps the base configuration's value.
 *
 * @param hidden        architectures to try, each a list of hidden widths
 * @param learningRates learning rates to try
 * @param momenta       momenta to try
 * @param batchSizes    batch sizes to try
 */
public record SweepSpace(List<int[]> hidden, List<Double> learningRates, List<Double> momenta,
                         List<Integer> batchSizes) {

    /** Part I depth search: 1, 2 and 3 hidden layers of 128. */
    public static final SweepSpace DEPTH = new SweepSpace(
            List.of(new int[] {128}, new int[] {128, 128}, new int[] {128, 128, 128}), List.of(), List.of(), List.of());
    /** Part I hyperparameter grid: 3 learning rates x 2 momenta x 3 batch sizes = 18 configurations. */
    public static final SweepSpace GRID = new SweepSpace(List.of(), List.of(0.001, 0.01, 0.1), List.of(0.8, 0.9),
            List.of(32, 64, 128));

    public SweepSpace {
        hidden = hidden.stream().map(int[]::clone).toList();
        learningRates = List.copyOf(learningRates);
        momenta = List.copyOf(momenta);
        batchSizes = List.copyOf(batchSizes);
    }

    /** A preset by name: "depth" or "grid". */
    public static SweepSpace preset(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "depth" -> DEPTH;
            case "grid" -> GRID;
            default -> throw new IllegalArgumentException("unknown search '" + name + "'; available: depth, grid");
        };
    }

    /** This space with every non-empty axis of {@code override} replacing its own. */
    public SweepSpace overriddenBy(SweepSpace override) {
        return new SweepSpace(override.hidden.isEmpty() ? hidden : override.hidden,
                override.learningRates.isEmpty() ? learningRates : override.learningRates,
                override.momenta.isEmpty() ? momenta : override.momenta,
                override.batchSizes.isEmpty() ? batchSizes : override.batchSizes);
    }

    /**
     * Every combination of the axes, as full configurations on top of {@code base}: hidden widths vary
     * slowest, batch size fastest.
     *
     * @throws IllegalArgumentException naming the value when a combination is impossible (e.g. lr <= 0)
     */
    public List<TrainingConfig> configurations(TrainingConfig base) {
        List<int[]> hs = hidden.isEmpty() ? List.of(base.hidden()) : hidden;
        List<Double> lrs = learningRates.isEmpty() ? List.of(base.learningRate()) : learningRates;
        List<Double> mus = momenta.isEmpty() ? List.of(base.momentum()) : momenta;
        List<Integer> bs = batchSizes.isEmpty() ? List.of(base.batchSize()) : batchSizes;
        List<TrainingConfig> out = new ArrayList<>();
        for (int[] h : hs) {
            for (double lr : lrs) {
                for (double mu : mus) {
                    for (int b : bs) {
                        out.add(new TrainingConfig(h, lr, mu, b, base.maxEpochs(), base.seed(),
                                base.validationFraction(), base.precision()));
                    }
                }
            }
        }
        return out;
    }

    /** The configurations of several spaces in order, each distinct configuration once. */
    public static List<TrainingConfig> union(List<SweepSpace> spaces, TrainingConfig base) {
        Set<TrainingConfig> seen = new LinkedHashSet<>();
        for (SweepSpace s : spaces) {
            seen.addAll(s.configurations(base));
        }
        return List.copyOf(seen);
    }

    /** "128,128" for {@code {128, 128}}; "" for no hidden layer. */
    public static String widths(int[] hidden) {
        return String.join(",", Arrays.stream(hidden).mapToObj(Integer::toString).toList());
    }

    /** Parses "128,128" into widths, naming the bad value. */
    public static int[] parseWidths(String text) {
        String[] parts = text.split(",");
        int[] widths = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                widths[i] = Integer.parseInt(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("hidden widths '" + text + "': '" + parts[i] + "' is not a number");
            }
        }
        return widths;
    }
}
