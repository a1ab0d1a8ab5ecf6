package dev.gradstream.launcher;

import dev.gradstream.bus.EventPublisher;
import dev.gradstream.bus.KafkaClients;
import dev.gradstream.bus.RunChannel;
import dev.gradstream.bus.Topics;
import dev.gradstream.events.v1.Event;
import dev.gradstream.events.v1.EvaluationResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code gradstream replay RUN_ID}: reads a finished run's events back from Kafka and publishes them again
 * as run {@code RUN_ID-replay-N}, so that the monitor, the live view and any dashboard show it once more.
 * Predictions are replayed and evaluations are not: the evaluator re-evaluates the replay with its current
 * code. A session id replays every run of the session, all with the same N.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Re-publish a finished run's events from Kafka as a new run (RUN_ID-replay-N) for the "
                + "monitor, the live view and the evaluator.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:replayed (and evaluated)", "2:no such run in Kafka, or bad options",
            "4:Kafka unreachable, an event not delivered, or no evaluation of the replay arrived"})
final class ReplayCommand implements Callable<Integer> {

    /** Topics a replay re-publishes; evaluations are recomputed by the evaluator instead. */
    static final List<String> REPLAYED = List.of(Topics.RUNS, Topics.BATCHES, Topics.EPOCHS, Topics.PREDICTIONS);

    @Mixin
    BusOptions bus;

    @Mixin
    MonitorOptions monitorOptions;

    @Parameters(arity = "1..*", paramLabel = "RUN_ID",
            description = "Run ids (e.g. 20250101-120000-ab12-classify-scratch) or session ids (every run of it).")
    List<String> ids;

    @Option(names = "--speed", defaultValue = "0",
            description = "0: as fast as possible; 1: the original timing between events; 10: ten times faster "
                    + "(default: ${DEFAULT-VALUE}).")
    double speed;

    @Option(names = "--hold", description = "Keep serving /metrics and the live view after the replay, until Ctrl-C.")
    boolean hold;

    @Mixin
    RunsDirOption runs;

    @Override
    public Integer call() throws InterruptedException {
        if (speed < 0 || !Double.isFinite(speed)) {
            throw new IllegalArgumentException("--speed must be 0 or positive, got " + speed);
        }
        try (Stack stack = Stack.start(bus.withKafkaDirUnder(runs.dir), monitorOptions.inProcess(bus.bootstrapServers != null),
                java.util.EnumSet.allOf(Stack.Service.class), System.out)) {
            KafkaClients clients = stack.clients();
            Set<String> known = new TreeSet<>();
            StoredEvents.read(clients, List.of(Topics.RUNS), k -> true).forEach(e -> known.add(e.getHeader().getRunId()));
            List<String> targets = resolve(ids, known);
            int n = nextReplayNumber(targets, known);
            Map<String, String> renamed = new LinkedHashMap<>();
            targets.forEach(t -> renamed.put(t, t + "-replay-" + n));
            List<Event> events = StoredEvents.read(clients, REPLAYED, renamed::containsKey);
            publish(clients, events, renamed);
            for (Map.Entry<String, String> r : renamed.entrySet()) {
                boolean hasTest = events.stream().anyMatch(e -> e.getHeader().getRunId().equals(r.getKey())
                        && e.hasPredictions() && e.getPredictions().getSplit() == dev.gradstream.events.v1.Split.SPLIT_TEST);
                if (hasTest) {
                    printTest(r.getValue(), stack.awaitTest(r.getValue())); // the stack's watcher started before the replay
                }
            }
            if (hold) {
                System.out.println("serving until Ctrl-C");
                UntilStopped.onStop(() -> { }).await();
            }
        }
        return ExitCodes.OK;
    }

    /** The runs the ids name: a run id as is, or every original run (not a replay) of a session id. */
    static List<String> resolve(List<String> ids, Set<String> known) {
        Set<String> out = new LinkedHashSet<>();
        for (String id : ids) {
            if (known.contains(id)) {
                out.add(id);
                continue;
            }
            List<String> session = known.stream().filter(k -> k.startsWith(id + "-") && !k.contains("-replay-")).toList();
            if (session.isEmpty()) {
                List<String> recent = new ArrayList<>(known);
                throw new IllegalArgumentException("no run '" + id + "' in Kafka; the latest runs are: "
                        + String.join(", ", recent.subList(Math.max(0, recent.size() - 6), recent.size())));
            }
            out.addAll(session);
        }
        return List.copyOf(out);
    }

    /** 1 + the highest N of any RUN_ID-replay-N among the targets, so that one replay's runs share N. */
    static int nextReplayNumber(List<String> targets, Set<String> known) {
        int max = 0;
        for (String t : targets) {
            String prefix = t + "-replay-";
            for (String k : known) {
                if (k.startsWith(prefix) && k.substring(prefix.length()).matches("\\d+")) {
                    max = Math.max(max, Integer.parseInt(k.substring(prefix.length())));
                }
            }
        }
        return max + 1;
    }

    private void publish(KafkaClients clients, List<Event> events, Map<String, String> renamed)
            throws InterruptedException {
        List<Event> ordered = new ArrayList<>(events);
        ordered.sort(Comparator.comparingLong((Event e) -> e.getHeader().getEventTimeUnixMs())
                .thenComparing(e -> e.getHeader().getRunId()).thenComparingLong(e -> e.getHeader().getSequence()));
        try (EventPublisher publisher = new EventPublisher(clients.producer("replay-" + String.join("+", renamed.values())))) {
            Map<String, RunChannel> channels = new LinkedHashMap<>();
            for (Map.Entry<String, String> r : renamed.entrySet()) {
                long count = events.stream().filter(e -> e.getHeader().getRunId().equals(r.getKey())).count();
                System.out.printf(Locale.ROOT, "replaying %d events of %s as %s%s%n", count, r.getKey(), r.getValue(),
                        speed > 0 ? String.format(Locale.ROOT, " at %gx the original pace", speed) : "");
            }
            long start = System.nanoTime();
            long firstTime = ordered.isEmpty() ? 0 : ordered.get(0).getHeader().getEventTimeUnixMs();
            for (Event e : ordered) {
                if (speed > 0) {
                    long dueNanos = (long) ((e.getHeader().getEventTimeUnixMs() - firstTime) * 1e6 / speed);
                    long wait = dueNanos - (System.nanoTime() - start);
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                }
                String original = e.getHeader().getRunId();
                RunChannel channel = channels.computeIfAbsent(original, o -> new RunChannel(publisher, renamed.get(o),
                        e.getHeader().getBackend(), e.getHeader().getTask(), 0));
                channel.emit(e.toBuilder().clearHeader());
            }
            publisher.flush();
            System.out.printf(Locale.ROOT, "replayed %d events in %.1f s%n", ordered.size(), (System.nanoTime() - start) / 1e9);
        }
    }

    private static void printTest(String runId, EvaluationResult t) {
        System.out.printf(Locale.ROOT, "%s: test (epoch %d) accuracy %.4f precision %.4f recall %.4f f1 %.4f "
                + "roc_auc %.4f pr_auc %.4f (evaluator)%n", runId, t.getEpoch(), t.getAccuracy(), t.getPrecisionMacro(),
                t.getRecallMacro(), t.getF1Macro(), t.getRocAucMacro(), t.getPrAucMacro());
    }
}
