package dev.gradstream.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The session report")
class SessionReportTest {

    @TempDir
    Path session;

    /**
     * Four test samples, two classes. Scores for class 1: 0.9 (label 1), 0.6 (label 0), 0.4 (label 1),
     * 0.2 (label 0): argmax predicts 1, 1, 0, 0, so accuracy = 2/4 and the confusion is [[1, 1], [1, 1]];
     * ROC AUC of class 1 = 3 of the 4 (positive, negative) pairs ranked right = 0.75.
     */
    private void writeRun(String backend, double evaluatorAccuracy) throws IOException {
        Path dir = Files.createDirectories(session.resolve("classify-" + backend));
        Files.writeString(dir.resolve("config.json"), """
                {"run_id": "S-classify-%s", "backend": "%s", "task": "classify", "hidden": [8],
                 "learning_rate": 0.01, "momentum": 0.9, "batch_size": 2, "max_epochs": 2, "seed": 1,
                 "precision": "float32", "dataset": {"name": "tiny", "fingerprint": "ab", "train": 8,
                 "validation": 4, "test": 4, "class_names": ["cat", "dog"]}}
                """.formatted(backend, backend));
        Files.writeString(dir.resolve("epochs.csv"), """
                epoch,train_loss,train_accuracy,validation_loss,validation_accuracy,duration_seconds,samples_per_second,best
                1,0.9,0.5,0.8,0.5,0.010,800.0,true
                2,0.7,0.75,0.75,0.5,0.010,800.0,true
                """);
        Files.writeString(dir.resolve("batches.csv"), """
                epoch,batch,step,loss,batch_size,layer0_grad_l2_norm,layer0_grad_mean_abs,layer0_grad_max_abs,layer0_update_ratio
                1,0,0,0.95,2,1,1,1,0.001
                1,1,1,0.85,2,1,1,1,0.001
                2,0,2,NaN,2,1,1,1,0.001
                2,1,3,0.65,2,1,1,1,0.001
                """);
        Files.writeString(dir.resolve("test_predictions.csv"), """
                label,score_0,score_1
                1,0.1,0.9
                0,0.4,0.6
                1,0.6,0.4
                0,0.8,0.2
                """);
        Files.writeString(dir.resolve("test_metrics.json"), """
                {"epoch": 2, "samples": 4, "accuracy": %s, "precision_macro": 0.5, "recall_macro": 0.5,
                 "f1_macro": 0.5, "roc_auc_ovr_macro": 0.75, "pr_auc_macro": %s, "confusion": [1, 1, 1, 1]}
                """.formatted(evaluatorAccuracy, 5 / 6.0)); // AP of each class: 0.5 * 1 + 0.5 * 2/3
        Files.writeString(dir.resolve("outcome.json"), """
                {"run_id": "S-classify-%s", "status": "completed", "best_epoch": 2, "epochs_completed": 2,
                 "reason": "all epochs done"}
                """.formatted(backend));
    }

    @Test
    @DisplayName("embeds every chart as a PNG that decodes, and shows the metrics recomputed from the predictions")
    void writesSelfContainedPage() throws IOException {
        writeRun("scratch", 0.5);
        writeRun("nd4j", 0.25);
        Path compare = Files.createDirectories(session.resolve("classify-compare"));
        Files.writeString(compare.resolve("gradient_comparison.csv"), """
                precision,layer,tensor,max_abs_diff,max_rel_diff,cosine,norm_scratch,norm_nd4j,loss_scratch,loss_nd4j
                float64,0,weight,1.5e-17,2.5e-15,1.0,0.3,0.3,0.69,0.69
                """);

        Path file = SessionReport.write(session);

        assertThat(file).isEqualTo(session.resolve("report.html"));
        String html = Files.readString(file);
        List<BufferedImage> images = new ArrayList<>();
        Matcher m = Pattern.compile("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"").matcher(html);
        while (m.find()) {
            images.add(ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(m.group(1)))));
        }
        // loss, accuracy, mini-batch loss; per run ROC, PR and confusion
        assertThat(images).hasSize(3 + 2 * 3).allSatisfy(img -> {
            assertThat(img).isNotNull();
            assertThat(img.getWidth()).isGreaterThan(100);
        });
        assertThat(html).doesNotContain("http://").doesNotContain("https://").doesNotContain("<script");
        assertThat(html).contains("<td>0.5000</td>");                 // accuracy 2/4
        assertThat(html).contains("<td>0.7500</td>");                 // ROC AUC of class 1 and the macro
        assertThat(html).contains("agrees (epoch 2)");                // scratch's evaluator said 0.5
        assertThat(html).contains("DIFFERS");                         // nd4j's file says 0.25
        assertThat(html).contains("2.500e-15");                       // the gradient comparison table
        assertThat(html).contains("1 dog");                           // per-class table uses the class names
    }

    @Test
    @DisplayName("refuses a directory without runs, naming it")
    void refusesEmptyDirectory() {
        assertThatThrownBy(() -> SessionReport.write(session)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(session.toString());
    }

    @Test
    @DisplayName("names the file and line of a malformed prediction")
    void namesMalformedLine() throws IOException {
        writeRun("scratch", 0.5);
        Files.writeString(session.resolve("classify-scratch/test_predictions.csv"), "label,score_0,score_1\n7,0.5,0.5\n");
        assertThatThrownBy(() -> SessionReport.write(session)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("test_predictions.csv line 2").hasMessageContaining("label 7");
    }
}
