package dev.gradstream.trainer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gradstream.broker.EmbeddedKafka;
import dev.gradstream.bus.EventPublisher;
import dev.gradstream.bus.KafkaClients;
import dev.gradstream.bus.RunChannel;
import dev.gradstream.bus.TopicSetup;
import dev.gradstream.bus.Topics;
import dev.gradstream.core.data.DataSets;
import dev.gradstream.core.data.DataSplits;
import dev.gradstream.core.model.Precision;
import dev.gradstream.core.training.BatchRecord;
import dev.gradstream.core.training.EpochRecord;
import dev.gradstream.core.training.RunOutcome;
import dev.gradstream.core.training.TaskSpec;
import dev.gradstream.core.training.TrainingConfig;
import dev.gradstream.core.training.TrainingListener;
import dev.gradstream.events.v1.BatchStats;
import dev.gradstream.events.v1.Event;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("integration")
@DisplayName("A broker outage in the middle of a run")
class BrokerOutageTest {

    @Test
    @DisplayName("trains on while the broker is down, and afterwards every batch and epoch event is in Kafka exactly once")
    void everyEventExactlyOnce(@TempDir Path tmp) throws Exception {
        DataSplits data = DataSets.load(null, 0.2, 3);
        // float64 keeps the run slow enough (several seconds) for the outage to fall in its middle.
        TrainingConfig config = new TrainingConfig(new int[] {128, 128}, 0.01, 0.9, 64, 12, 3, 0.2, Precision.FLOAT64);
        int batchesPerEpoch = (data.train().count() + 63) / 64;
        try (EmbeddedKafka kafka = EmbeddedKafka.start(tmp.resolve("kafka"), true, 0)) {
            KafkaClients clients = new KafkaClients(kafka.bootstrapServers(), Map.of());
            TopicSetup.ensureTopics(clients, 1, (short) 1);
            TrainingJob job = new TrainingJob("outage-run", "scratch", new TaskSpec.Classify(), config, data,
                    tmp.resolve("run"), null);
            // The broker stops on the training thread at the second batch of epoch 3, so the outage begins
            // mid-epoch whatever the machine's load; the same listener counts the batches trained until the
            // restart begins, at least 5 s later and not before epoch 3 has ended.
            Outage outage = new Outage(kafka, 2L * batchesPerEpoch + 1);
            try (EventPublisher publisher = new EventPublisher(clients.producer("trainer-outage-run"))) {
                RunChannel channel = new RunChannel(publisher, job.runId(), EventEnums.backend(job.backend()),
                        EventEnums.task(job.task()), 0);
                CompletableFuture<RunOutcome> run = CompletableFuture.supplyAsync(
                        () -> new RunExecution(job, channel, List.of(outage)).run(), runnable -> new Thread(runnable,
                                "trainer-outage-run").start());
                assertThat(outage.stopped.await(120, TimeUnit.SECONDS)).as("the broker was stopped mid-run").isTrue();
                Thread.sleep(5_000);
                // Generous for a loaded machine; a trainer that waited on the broker would not get there at all.
                boolean epochEnded = outage.epochEndedWhileDown.await(90, TimeUnit.SECONDS);
                int batchesDuringOutage = outage.endAndCount();
                kafka.restart();

                RunOutcome outcome = run.get(180, TimeUnit.SECONDS);
                assertThat(outcome.status()).isEqualTo(RunOutcome.Status.COMPLETED);
                System.out.printf("outage: broker stopped at step %d, %d batches trained while it was down%n",
                        outage.stopAtStep, batchesDuringOutage);
                assertThat(epochEnded).as("the epoch in which the broker stopped ended while it was down").isTrue();
                assertThat(batchesDuringOutage).as("batches trained while the broker was down: the rest of epoch 3, "
                        + "then the trainer waits at the epoch's end for its events' acknowledgement")
                        .isEqualTo(batchesPerEpoch - 2);
                assertThat(publisher.undelivered()).isZero();

                List<BatchStats> batches = new ArrayList<>();
                List<Integer> epochEvents = new ArrayList<>();
                Set<Long> sequences = new HashSet<>();
                int duplicates = 0;
                try (KafkaConsumer<String, byte[]> consumer = clients.consumer("outage-reader", "outage-reader")) {
                    consumer.subscribe(List.of(Topics.BATCHES, Topics.EPOCHS));
                    int expected = config.maxEpochs() * (batchesPerEpoch + 1);
                    long until = System.currentTimeMillis() + 60_000;
                    while (batches.size() + epochEvents.size() < expected && System.currentTimeMillis() < until) {
                        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                            Event e = Event.parseFrom(r.value());
                            if (!sequences.add(e.getHeader().getSequence())) {
                                duplicates++;
                            }
                            if (e.hasBatchStats()) {
                                batches.add(e.getBatchStats());
                            } else {
                                epochEvents.add(e.getEpochMetrics().getEpoch());
                            }
                        }
                    }
                    consumer.poll(Duration.ofSeconds(2)).forEach(r -> batches.add(null)); // nothing more may come
                }
                assertThat(duplicates).isZero();
                assertThat(batches).hasSize(config.maxEpochs() * batchesPerEpoch).doesNotContainNull();
                for (int i = 0; i < batches.size(); i++) {
                    assertThat(batches.get(i).getStep()).isEqualTo(i);
                }
                assertThat(epochEvents).hasSize(config.maxEpochs());
                for (int i = 0; i < epochEvents.size(); i++) {
                    assertThat(epochEvents.get(i)).isEqualTo(i + 1);
                }
            } finally {
                outage.endAndCount(); // on a failure above: closing the publisher then ends the run
            }
        }
    }

    /** Stops the broker when training reaches {@code stopAtStep}, then counts batches and epoch ends until told the outage ends. */
    private static final class Outage implements TrainingListener {
        final long stopAtStep;
        final CountDownLatch stopped = new CountDownLatch(1);
        final CountDownLatch epochEndedWhileDown = new CountDownLatch(1);
        private final EmbeddedKafka kafka;
        private final AtomicInteger batchesWhileDown = new AtomicInteger();
        private volatile boolean down;

        Outage(EmbeddedKafka kafka, long stopAtStep) {
            this.kafka = kafka;
            this.stopAtStep = stopAtStep;
        }

        @Override
        public void onBatch(BatchRecord batch) {
            if (batch.step() == stopAtStep) {
                kafka.stop();
                down = true;
                stopped.countDown();
            } else if (down) {
                batchesWhileDown.incrementAndGet();
            }
        }

        @Override
        public void onEpoch(EpochRecord epoch) {
            if (down) {
                epochEndedWhileDown.countDown();
            }
        }

        /** Ends the counting (before the broker restarts) and returns the batches trained while it was down. */
        int endAndCount() {
            down = false;
            return batchesWhileDown.get();
        }
    }
}
