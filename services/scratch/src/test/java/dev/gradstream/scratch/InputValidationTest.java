package dev.gradstream.scratch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradstream.core.model.KaimingInit;
import dev.gradstream.core.model.Model;
import dev.gradstream.core.model.ModelSpec;
import dev.gradstream.core.model.ParameterSet;
import dev.gradstream.core.model.Precision;
import dev.gradstream.core.model.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The scratch backend on bad input")
class InputValidationTest {

    private final ModelSpec spec = new ModelSpec(6, new int[] {5, 4}, 3, Precision.FLOAT32);
    private final ScratchBackend backend = new ScratchBackend();

    private static ParameterSet replace(ParameterSet p, int index, Tensor t) {
        List<Tensor> tensors = new ArrayList<>(p.tensors());
        tensors.set(index, t);
        return new ParameterSet(tensors);
    }

    @Test
    @DisplayName("Is named scratch")
    void name() {
        assertThat(backend.name()).isEqualTo("scratch");
    }

    @Test
    @DisplayName("Rejects a weight of the wrong shape, naming the tensor")
    void rejectsWrongWeightShape() {
        ParameterSet bad = replace(KaimingInit.initialise(spec, 1), 2, new Tensor("layer1.weight", 4, 5, new double[20]));
        assertThatThrownBy(() -> backend.create(spec, bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("layer1.weight").hasMessageContaining("4x5").hasMessageContaining("5x4");
    }

    @Test
    @DisplayName("Rejects a bias of the wrong shape in setParameters, naming the tensor")
    void rejectsWrongBiasShapeOnSet() {
        Model model = backend.create(spec, KaimingInit.initialise(spec, 1));
        ParameterSet bad = replace(KaimingInit.initialise(spec, 1), 5, new Tensor("layer2.bias", 1, 4, new double[4]));
        assertThatThrownBy(() -> model.setParameters(bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("layer2.bias");
    }

    @Test
    @DisplayName("Rejects a parameter set with a missing layer, naming the counts")
    void rejectsMissingTensors() {
        ParameterSet full = KaimingInit.initialise(spec, 1);
        ParameterSet shorter = new ParameterSet(full.tensors().subList(0, 4));
        assertThatThrownBy(() -> backend.create(spec, shorter)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected 6 tensors").hasMessageContaining("got 4");
    }

    @Test
    @DisplayName("Rejects labels outside the classes and short inputs, naming the value")
    void rejectsBadBatches() {
        Model model = backend.create(spec, KaimingInit.initialise(spec, 1));
        assertThatThrownBy(() -> model.computeGradients(new float[12], new int[] {0, 3}, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("labels[1] = 3");
        assertThatThrownBy(() -> model.computeGradients(new float[11], new int[] {0, 1}, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("x holds 11");
        assertThatThrownBy(() -> model.applyUpdate(0.1, 0.9, null)).isInstanceOf(IllegalStateException.class);
    }
}
