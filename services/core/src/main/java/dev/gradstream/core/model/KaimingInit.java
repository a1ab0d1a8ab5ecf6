package dev.gradstream.core.model;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * He/Kaiming-normal initialisation, engine-neutral so that every backend can start from identical
 * weights: {@code W ~ N(0, 2 / fanIn)}, biases 0. The normal deviates come from a seeded
 * {@link SplittableRandom} through the Box-Muller transform, so the same seed gives the same weights on
 * every JVM.
 */
public final class KaimingInit {

    private KaimingInit() {
    }

    /**
     * Initial parameters for {@code spec}, all Kaiming-normal, fully determined by {@code seed}: its networks'
     * layers in order (a Part II model's image layers, then its word layers, numbered on).
     */
    public static ParameterSet initialise(NetworkSpec spec, long seed) {
        List<Tensor> tensors = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(seed);
        int first = 0;
        for (ModelSpec network : spec.networks()) {
            addLayers(tensors, network, random, first);
            first += network.layerCount();
        }
        return new ParameterSet(tensors);
    }

    private static void addLayers(List<Tensor> tensors, ModelSpec spec, SplittableRandom random, int firstIndex) {
        for (int layer = 0; layer < spec.layerCount(); layer++) {
            int fanIn = spec.fanIn(layer);
            int fanOut = spec.fanOut(layer);
            double std = Math.sqrt(2.0 / fanIn);
            double[] w = new double[fanIn * fanOut];
            for (int i = 0; i < w.length; i += 2) {
                double u1 = 1.0 - random.nextDouble(); // in (0, 1]
                double u2 = random.nextDouble();
                double r = Math.sqrt(-2.0 * Math.log(u1));
                w[i] = std * r * Math.cos(2 * Math.PI * u2);
                if (i + 1 < w.length) {
                    w[i + 1] = std * r * Math.sin(2 * Math.PI * u2);
                }
            }
            if (spec.precision() == Precision.FLOAT32) {
                for (int i = 0; i < w.length; i++) {
                    w[i] = (float) w[i];
                }
            }
            int index = firstIndex + layer;
            tensors.add(new Tensor("layer" + index + ".weight", fanIn, fanOut, w));
            tensors.add(new Tensor("layer" + index + ".bias", 1, fanOut, new double[fanOut]));
        }
    }
}
