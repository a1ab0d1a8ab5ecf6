package dev.gradstream.core.model;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Parameter shape checks")
class ParameterShapesTest {

    private static final ModelSpec SPEC = new ModelSpec(4, new int[] {3}, 2, Precision.FLOAT32);
    /** Image 4-3-2, word 5-2 (layers 2 and 3 of the layout). */
    private static final EmbeddingSpec EMBEDDING = new EmbeddingSpec(4, new int[] {3}, 5, new int[0], 2, 2,
            new float[10], false, Precision.FLOAT32);

    private static ParameterSet replaced(ParameterSet set, int index, Tensor tensor) {
        List<Tensor> tensors = new ArrayList<>(set.tensors());
        tensors.set(index, tensor);
        return new ParameterSet(tensors);
    }

    @Test
    @DisplayName("A Part I layout passes, and a wrong shape is named with its position and the spec")
    void partOne() {
        ParameterSet good = KaimingInit.initialise(SPEC, 1);
        assertThatCode(() -> ParameterShapes.check(SPEC, good)).doesNotThrowAnyException();
        assertThatThrownBy(() -> ParameterShapes.check(SPEC, replaced(good, 3, new Tensor("b", 1, 3, new double[3]))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tensor 'b' (position layer1.bias) has shape 1x3, expected 1x2 for 4-3-2 float32");
        assertThatThrownBy(() -> ParameterShapes.check(SPEC, new ParameterSet(good.tensors().subList(0, 2))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected 4 tensors (weight and bias of 2 layers) for 4-3-2 float32, got 2");
        assertThatThrownBy(() -> ParameterShapes.check(SPEC, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("required");
    }

    @Test
    @DisplayName("A Part II layout is checked network by network, numbering the word layers on")
    void partTwo() {
        ParameterSet good = KaimingInit.initialise(EMBEDDING, 1);
        assertThatCode(() -> ParameterShapes.check(EMBEDDING, good)).doesNotThrowAnyException();
        assertThatThrownBy(() -> ParameterShapes.check(EMBEDDING,
                replaced(good, 4, new Tensor("w", 2, 5, new double[10]))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tensor 'w' (position layer2.weight) has shape 2x5, expected 5x2 for word net 5-2 float32");
        assertThatThrownBy(() -> ParameterShapes.check(EMBEDDING,
                replaced(good, 0, new Tensor("w", 3, 4, new double[12]))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(position layer0.weight)").hasMessageContaining("image net 4-3-2 float32");
        assertThatThrownBy(() -> ParameterShapes.check(EMBEDDING, new ParameterSet(good.tensors().subList(0, 4))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected 6 tensors (weight and bias of 2 image layers, then 1 word layers)");
    }
}
