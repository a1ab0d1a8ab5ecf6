package dev.gradstream.evaluator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gradstream.bus.EventLimits;
import dev.gradstream.events.v1.Event;
import dev.gradstream.events.v1.EventHeader;
import dev.gradstream.events.v1.Predictions;
import dev.gradstream.events.v1.Split;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The prediction assembler")
class PredictionAssemblerTest {

    private static final TopicPartition P0 = new TopicPartition("gradstream.predictions.v1", 0);

    /** Chunk {@code index} of {@code count}, 10 samples of 2 classes each, of validation epoch {@code epoch}. */
    private static Event chunk(String run, int epoch, int index, int count, int offset) {
        Predictions.Builder p = Predictions.newBuilder().setSplit(Split.SPLIT_VALIDATION).setEpoch(epoch)
                .setChunkIndex(index).setChunkCount(count).setNumClasses(2).setOffset(offset).setTotalSamples(10 * count);
        for (int i = 0; i < 10; i++) {
            p.addLabels(i % 2).addScores(0.4f).addScores(0.6f);
        }
        return Event.newBuilder().setHeader(EventHeader.newBuilder().setSchemaVersion(1).setRunId(run)).setPredictions(p)
                .build();
    }

    @Test
    @DisplayName("joins a split's chunks, in any order, into whole arrays")
    void joins() {
        PredictionAssembler a = new PredictionAssembler();
        assertThat(a.add(chunk("r", 1, 1, 2, 10), P0, 5)).isEmpty();
        assertThat(a.firstNeededOffset(P0)).isEqualTo(5);
        PredictionAssembler.Assembled whole = a.add(chunk("r", 1, 0, 2, 0), P0, 6).orElseThrow();
        assertThat(whole.labels()).hasSize(20);
        assertThat(whole.scores()).hasSize(40);
        assertThat(a.firstNeededOffset(P0)).isEqualTo(-1);
    }

    @Test
    @DisplayName("evicts the oldest incomplete split of a run past 8, counts it, and releases its offset")
    void capsPendingSplitsPerRun() {
        PredictionAssembler a = new PredictionAssembler();
        for (int epoch = 1; epoch <= PredictionAssembler.MAX_PENDING_SPLITS_PER_RUN + 2; epoch++) {
            a.add(chunk("r", epoch, 0, 2, 0), P0, epoch);
        }
        assertThat(a.pendingSplits()).isEqualTo(PredictionAssembler.MAX_PENDING_SPLITS_PER_RUN);
        assertThat(a.evictions(PredictionAssembler.Eviction.RUN_SPLITS)).isEqualTo(2);
        assertThat(a.evictions()).isEqualTo(2);
        assertThat(a.firstNeededOffset(P0)).isEqualTo(3);
        a.add(chunk("other-run", 1, 0, 2, 0), P0, 100);
        assertThat(a.evictions()).as("another run has a cap of its own").isEqualTo(2);
    }

    @Test
    @DisplayName("refuses a chunk whose shape differs from its split's first, or that overlaps, before allocating")
    void refusesInconsistentChunks() {
        PredictionAssembler a = new PredictionAssembler();
        a.add(chunk("r", 1, 0, 3, 0), P0, 1);
        assertThatThrownBy(() -> a.add(chunk("r", 1, 1, 2, 10), P0, 2)).hasMessageContaining("declares 2 chunks");
        a.add(chunk("r", 1, 1, 3, 0), P0, 3); // claims the first chunk's samples again
        assertThatThrownBy(() -> a.add(chunk("r", 1, 2, 3, 0), P0, 4)).hasMessageContaining("starts at sample 0");
        Event huge = chunk("r", 2, 0, 1, 0).toBuilder().setPredictions(chunk("r", 2, 0, 1, 0).getPredictions()
                .toBuilder().setTotalSamples(1 << 30)).build();
        assertThatThrownBy(() -> a.add(huge)).hasMessageContaining("total_samples = 1073741824");
    }

    @Test
    @DisplayName("fed runs that never finish, holds at most 256 incomplete splits, evicting and counting the oldest")
    void capsPendingSplitsInAll() {
        PredictionAssembler a = new PredictionAssembler();
        int runs = PredictionAssembler.MAX_PENDING_SPLITS + 44;
        for (int r = 0; r < runs; r++) {
            a.add(chunk("abandoned-" + r, 1, 0, 2, 0), P0, r);
        }
        assertThat(a.pendingSplits()).isEqualTo(PredictionAssembler.MAX_PENDING_SPLITS);
        assertThat(a.evictions(PredictionAssembler.Eviction.TOTAL_SPLITS)).isEqualTo(44);
        assertThat(a.evictions(PredictionAssembler.Eviction.RUN_SPLITS)).isZero();
        assertThat(a.firstNeededOffset(P0)).as("the 44 oldest no longer hold back the commit").isEqualTo(44);
        assertThat(a.add(chunk("abandoned-" + (runs - 1), 1, 1, 2, 10), P0, runs)).as("a kept split still completes")
                .isPresent();
    }

    @Test
    @DisplayName("evicts the oldest incomplete split once incomplete splits hold more than 2 x 2^24 scores")
    void capsPendingScores() {
        // Splits of 2^19 samples x 32 classes = 2^24 scores in 256 chunks of 65,536 (the contract's limits).
        int classes = 32;
        int rows = EventLimits.MAX_SCORES_PER_CHUNK / classes;
        int chunks = EventLimits.MAX_SCORES_PER_SPLIT / EventLimits.MAX_SCORES_PER_CHUNK;
        Predictions.Builder p = Predictions.newBuilder().setSplit(Split.SPLIT_VALIDATION).setNumClasses(classes)
                .setChunkCount(chunks).setTotalSamples(rows * chunks);
        for (int i = 0; i < rows; i++) {
            p.addLabels(i % classes);
        }
        for (int i = 0; i < EventLimits.MAX_SCORES_PER_CHUNK; i++) {
            p.addScores(1f / classes);
        }
        Predictions shape = p.build(); // every chunk below shares its arrays
        PredictionAssembler a = new PredictionAssembler();
        long offset = 0;
        for (int epoch = 1; epoch <= 2; epoch++) { // two splits, each one chunk short of complete
            for (int c = 0; c < chunks - 1; c++) {
                a.add(chunkOf(shape, epoch, c, rows), P0, offset++);
            }
        }
        long held = 2L * (chunks - 1) * EventLimits.MAX_SCORES_PER_CHUNK;
        assertThat(a.pendingScores()).isEqualTo(held);
        for (int c = 0; c < 2; c++) { // up to the cap exactly: nothing evicted
            a.add(chunkOf(shape, 3, c, rows), P0, offset++);
        }
        assertThat(a.pendingScores()).isEqualTo(PredictionAssembler.MAX_PENDING_SCORES);
        assertThat(a.evictions()).isZero();
        a.add(chunkOf(shape, 3, 2, rows), P0, offset);
        assertThat(a.evictions(PredictionAssembler.Eviction.SCORES)).isEqualTo(1);
        assertThat(a.pendingSplits()).isEqualTo(2);
        assertThat(a.pendingScores()).isEqualTo((chunks - 1 + 3L) * EventLimits.MAX_SCORES_PER_CHUNK)
                .isLessThanOrEqualTo(PredictionAssembler.MAX_PENDING_SCORES);
        assertThat(a.firstNeededOffset(P0)).as("the evicted split's first chunk").isEqualTo(chunks - 1);
    }

    private static Event chunkOf(Predictions shape, int epoch, int index, int rows) {
        return Event.newBuilder().setHeader(EventHeader.newBuilder().setSchemaVersion(1).setRunId("big"))
                .setPredictions(shape.toBuilder().setEpoch(epoch).setChunkIndex(index).setOffset(index * rows)).build();
    }
}
