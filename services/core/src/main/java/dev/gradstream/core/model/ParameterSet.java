package dev.gradstream.core.model;

import java.util.ArrayList;
import java.util.List;

/**
 * All parameters (or all gradients) of a network, in layer order: for each dense layer its weight
 * tensor ({@code fanIn x fanOut}) then its bias tensor ({@code 1 x fanOut}).
 */
public record ParameterSet(List<Tensor> tensors) {

    public ParameterSet {
        tensors = List.copyOf(tensors);
    }

    /** Weight tensor of dense layer {@code layer}. */
    public Tensor weight(int layer) {
        return tensors.get(2 * layer);
    }

    /** Bias tensor of dense layer {@code layer}. */
    public Tensor bias(int layer) {
        return tensors.get(2 * layer + 1);
    }

    /** Number of dense layers. */
    public int layerCount() {
        return tensors.size() / 2;
    }

    /** A deep copy. */
    public ParameterSet copy() {
        List<Tensor> out = new ArrayList<>(tensors.size());
        for (Tensor t : tensors) {
            out.add(t.copy());
        }
        return new ParameterSet(out);
    }
}
