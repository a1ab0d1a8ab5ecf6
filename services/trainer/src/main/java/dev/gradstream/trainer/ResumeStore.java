package dev.gradstream.trainer;

import dev.gradstream.bus.RunChannel;
import dev.gradstream.core.model.Checkpoints;
import dev.gradstream.core.model.ParameterSet;
import dev.gradstream.core.training.ResumePoint;
import dev.gradstream.core.training.TrainingListener;
import dev.gradstream.core.training.TrainingState;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The resume checkpoint of a run, in {@code <run dir>/resume/}: after every epoch, once that epoch's
 * events are acknowledged by Kafka, the parameters and momentum buffers ({@code epoch-NNNN.*.bin}) and
 * then, atomically, {@code state.json} (epoch, step, best epoch and loss, the next event sequence
 * number). The best weights are the run's {@code checkpoint.bin}. A crash at any point leaves the
 * previous complete state in place.
 */
public final class ResumeStore implements TrainingListener {

    /** What {@link #load} finds. */
    public record Saved(ResumePoint point, ParameterSet parameters, ParameterSet velocities, long nextSequence) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(ResumeStore.class);
    private static final String STATE = "state.json";

    private final Path dir;
    private final RunChannel channel;
    private boolean unsupported;

    public ResumeStore(Path runDir, RunChannel channel) {
        this.dir = runDir.resolve("resume");
        this.channel = channel;
    }

    @Override
    public void onEpochEnd(TrainingState state) {
        if (unsupported) {
            return;
        }
        ParameterSet velocities;
        try {
            velocities = state.model().velocities();
        } catch (UnsupportedOperationException e) {
            unsupported = true;
            LOG.info("run {} cannot be resumed: {}", channel.runId(), e.getMessage());
            return;
        }
        channel.flush(); // the epoch's events are in Kafka before the state says so
        try {
            Files.createDirectories(dir);
            String prefix = String.format(Locale.ROOT, "epoch-%04d", state.epoch());
            Checkpoints.write(dir.resolve(prefix + ".parameters.bin"), state.model().parameters());
            Checkpoints.write(dir.resolve(prefix + ".velocities.bin"), velocities);
            JsonObject json = new JsonObject()
                    .put("epoch", state.epoch())
                    .put("step", state.step())
                    .put("best_epoch", state.bestEpoch())
                    .put("best_validation_loss", state.bestValidationLoss())
                    .put("next_sequence", channel.nextSequence());
            Path tmp = dir.resolve(STATE + ".tmp");
            Files.writeString(tmp, json.encodePrettily() + "\n");
            Files.move(tmp, dir.resolve(STATE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            String previous = String.format(Locale.ROOT, "epoch-%04d", state.epoch() - 1);
            Files.deleteIfExists(dir.resolve(previous + ".parameters.bin"));
            Files.deleteIfExists(dir.resolve(previous + ".velocities.bin"));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the resume checkpoint in " + dir, e);
        }
    }

    /**
     * The last complete resume state of the run in {@code runDir}.
     *
     * @throws IllegalArgumentException naming the directory when it holds none
     */
    public static Saved load(Path runDir) {
        Path dir = runDir.resolve("resume");
        Path state = dir.resolve(STATE);
        if (!Files.isRegularFile(state)) {
            throw new IllegalArgumentException(runDir + " has no resume checkpoint (" + state
                    + "): the run ended before its first epoch, or its backend cannot be resumed");
        }
        try {
            JsonObject json = new JsonObject(Files.readString(state));
            int epoch = json.getInteger("epoch");
            String prefix = String.format(Locale.ROOT, "epoch-%04d", epoch);
            ParameterSet best = Checkpoints.read(runDir.resolve(RunDirectoryListener.CHECKPOINT));
            ResumePoint point = new ResumePoint(epoch, json.getLong("step"), json.getInteger("best_epoch"),
                    json.getDouble("best_validation_loss"), best);
            return new Saved(point, Checkpoints.read(dir.resolve(prefix + ".parameters.bin")),
                    Checkpoints.read(dir.resolve(prefix + ".velocities.bin")), json.getLong("next_sequence"));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + state, e);
        }
    }
}
