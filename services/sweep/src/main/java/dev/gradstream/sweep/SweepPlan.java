package dev.gradstream.sweep;

import dev.gradstream.trainer.RunConfigs;
import dev.gradstream.bus.RunChannel;
import dev.gradstream.core.training.TrainingConfig;
import dev.gradstream.events.v1.Backend;
import dev.gradstream.events.v1.Event;
import dev.gradstream.events.v1.EventHeader;
import dev.gradstream.events.v1.RunConfig;
import dev.gradstream.events.v1.SweepJob;
import dev.gradstream.events.v1.Task;
import dev.gradstream.trainer.EventEnums;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One sweep: a backend, a task and the configurations to train, each becoming a {@link SweepJob}.
 *
 * @param sweepId  unique id of the sweep; prefix of its job ids and run ids
 * @param backend  backend name every worker uses ("scratch", "nd4j")
 * @param task     "classify" (Part I) or "embed" (Part II)
 * @param configs  the configurations, in job order
 * @param dataDir  data folder the workers read ("" for the bundled default); must exist on every worker
 * @param wordNet  Part II settings (null for classify)
 */
public record SweepPlan(String sweepId, String backend, String task, List<TrainingConfig> configs, String dataDir,
                        WordNet wordNet) {

    /**
     * The Part II word network every job of an embed sweep uses.
     *
     * @param gloveFile GloVe text file on the workers, or "" for the bundled class vectors
     */
    public record WordNet(int[] hidden, int embedDim, boolean train, String gloveFile) {
        public WordNet {
            hidden = hidden.clone();
        }

        /** The assignment's word MLP: 100 -> 32 -> 32, frozen, bundled GloVe vectors. */
        public static WordNet defaults() {
            return new WordNet(new int[] {32}, 32, false, "");
        }
    }

    public SweepPlan {
        configs = List.copyOf(configs);
        if (configs.isEmpty()) {
            throw new IllegalArgumentException("a sweep needs at least one configuration");
        }
        if (!task.equals("classify") && !task.equals("embed")) {
            throw new IllegalArgumentException("unknown task '" + task + "'; available: classify, embed");
        }
        if (task.equals("embed") && wordNet == null) {
            wordNet = WordNet.defaults();
        }
        dataDir = dataDir == null ? "" : dataDir;
    }

    /** "{sweep id}-{index}", the id results are deduplicated by. */
    public String jobId(int index) {
        return sweepId + "-" + index;
    }

    /** Prefix of the run ids of job {@code index}: "{sweep id}-j{index}-{task}-{backend}". */
    public String runIdPrefix(int index) {
        return String.format(Locale.ROOT, "%s-j%02d-%s-%s", sweepId, index, task, backend);
    }

    /** The job events, one per configuration, in order. */
    public List<Event> jobs() {
        Backend backendEnum = EventEnums.backend(backend);
        Task taskEnum = task.equals("embed") ? Task.TASK_EMBED : Task.TASK_CLASSIFY;
        List<Event> jobs = new ArrayList<>(configs.size());
        for (int i = 0; i < configs.size(); i++) {
            RunConfig.Builder config = RunConfigs.toProto(configs.get(i));
            if (wordNet != null) {
                RunConfigs.withWordNet(config, wordNet.hidden(), wordNet.embedDim(), wordNet.train(), wordNet.gloveFile());
            }
            EventHeader header = EventHeader.newBuilder()
                    .setSchemaVersion(RunChannel.SCHEMA_VERSION)
                    .setRunId(runIdPrefix(i))
                    .setBackend(backendEnum)
                    .setTask(taskEnum)
                    .setEventTimeUnixMs(System.currentTimeMillis())
                    .build();
            jobs.add(Event.newBuilder().setHeader(header).setSweepJob(SweepJob.newBuilder()
                    .setSweepId(sweepId)
                    .setJobId(jobId(i))
                    .setJobIndex(i)
                    .setJobCount(configs.size())
                    .setBackend(backendEnum)
                    .setTask(taskEnum)
                    .setConfig(config)
                    .setDataDir(dataDir)
                    .setRunId(runIdPrefix(i))).build());
        }
        return jobs;
    }
}
