package dev.gradstream.bus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradstream.events.v1.BatchStats;
import dev.gradstream.events.v1.Event;
import dev.gradstream.events.v1.EventHeader;
import dev.gradstream.events.v1.Predictions;
import dev.gradstream.events.v1.Split;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The v1 contract's limits")
class EventLimitsTest {

    private static final EventHeader HEADER = EventHeader.newBuilder().setSchemaVersion(1).setRunId("run-1").build();

    @Test
    @DisplayName("accept the golden example of every payload")
    void goldenEventsPass() throws IOException {
        List<Path> golden;
        try (Stream<Path> files = Files.list(Path.of("../../proto/src/test/resources/golden"))) {
            golden = files.filter(p -> p.toString().endsWith(".pb")).sorted().toList();
        }
        assertThat(golden).hasSize(Event.PayloadCase.values().length - 1);
        for (Path p : golden) {
            assertThat(EventLimits.validate(Event.parseFrom(Files.readAllBytes(p)))).as(p.toString()).isNull();
        }
    }

    @Test
    @DisplayName("refuse a batch event with 40,000 layers")
    void fortyThousandLayers() {
        BatchStats.Builder b = BatchStats.newBuilder().setEpoch(1);
        for (int i = 0; i < 40_000; i++) {
            b.addLayersBuilder().setLayer(i);
        }
        assertThat(EventLimits.validate(Event.newBuilder().setHeader(HEADER).setBatchStats(b).build()))
                .isEqualTo("batch_stats.layers has 40000 entries, more than 64");
    }

    @Test
    @DisplayName("refuse predictions declaring 2^30 samples, or a chunk that overruns its split")
    void declaredSizes() {
        Predictions ok = Predictions.newBuilder().setSplit(Split.SPLIT_TEST).setEpoch(1).setChunkCount(1)
                .setNumClasses(2).setTotalSamples(1).addLabels(1).addScores(0.2f).addScores(0.8f).build();
        assertThat(EventLimits.validate(predictions(ok))).isNull();
        assertThat(EventLimits.validate(predictions(ok.toBuilder().setTotalSamples(1 << 30).build())))
                .isEqualTo("predictions.total_samples = 1073741824 is outside [1, 1000000]");
        assertThat(EventLimits.validate(predictions(ok.toBuilder().setTotalSamples(100_000).setNumClasses(1_000)
                .build()))).startsWith("predictions.total_samples x num_classes = 100000000 exceeds");
        assertThat(EventLimits.validate(predictions(ok.toBuilder().setOffset(1).build())))
                .isEqualTo("predictions.offset = 1 is outside [0, 0]");
        assertThat(EventLimits.validate(predictions(ok.toBuilder().setChunkIndex(-1).build())))
                .isEqualTo("predictions.chunk_index = -1 is outside [0, 0]");
        assertThat(EventLimits.validate(predictions(ok.toBuilder().setLabels(0, 2).build())))
                .isEqualTo("predictions.labels[0] = 2 is not a class of 2");
        assertThat(EventLimits.validate(predictions(ok.toBuilder().setChunkCount(Integer.MAX_VALUE).build())))
                .isEqualTo("predictions.chunk_count = 2147483647 is outside [1, 1024]");
    }

    @Test
    @DisplayName("refuse an empty or overlong run id")
    void runIds() {
        Event e = predictions(Predictions.getDefaultInstance());
        assertThat(EventLimits.validate(e.toBuilder().setHeader(HEADER.toBuilder().setRunId("")).build()))
                .isEqualTo("header.run_id is empty");
        assertThat(EventLimits.validate(e.toBuilder().setHeader(HEADER.toBuilder().setRunId("r".repeat(257))).build()))
                .isEqualTo("header.run_id has 257 characters, more than 256");
    }

    private static Event predictions(Predictions p) {
        return Event.newBuilder().setHeader(HEADER).setPredictions(p).build();
    }
}
