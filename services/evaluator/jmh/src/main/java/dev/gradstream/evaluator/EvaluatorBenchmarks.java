package dev.gradstream.evaluator;

import dev.gradstream.core.metrics.ClassificationMetrics;
import java.util.Collection;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.util.Statistics;

/**
 * Runs {@link EvaluationBenchmark} (JMH command-line options pass through, e.g. {@code -f 1 -wi 3 -i 5} or a
 * benchmark name such as {@code EvaluationBenchmark.metrics}) and prints, per benchmark, the median time of
 * one call with its 10th and 90th percentiles, the fastest and slowest call, and the data's shape. Prints
 * figures; asserts nothing.
 */
public final class EvaluatorBenchmarks {

    private EvaluatorBenchmarks() {
    }

    public static void main(String[] args) throws RunnerException, CommandLineOptionException {
        SoftmaxScores sample = SoftmaxScores.generate(10_000, 10, 42);
        System.out.printf(Locale.ROOT, "data: 10,000 x 10 softmax scores, accuracy %.3f, %.0f distinct scores per "
                + "class column (of 10,000), %d records%n", ClassificationMetrics.evaluate(sample.labels(), sample.scores(), 10).accuracy(), sample.distinctScoresPerClass(),
                EvaluationBenchmark.records(sample).length);
        CommandLineOptions given = new CommandLineOptions(args);
        OptionsBuilder builder = new OptionsBuilder();
        if (given.getIncludes().isEmpty()) {
            builder.include(EvaluationBenchmark.class.getSimpleName());
        }
        Options options = builder.parent(given).build();
        Collection<RunResult> results = new Runner(options).run();
        System.out.printf(Locale.ROOT, "%n%-18s %8s %10s %16s %9s %9s%n", "benchmark", "calls", "median ms",
                "p10 - p90 ms", "min ms", "max ms");
        for (RunResult r : results) {
            String name = r.getParams().getBenchmark().substring(r.getParams().getBenchmark().lastIndexOf('.') + 1);
            Statistics s = r.getPrimaryResult().getStatistics();
            System.out.printf(Locale.ROOT, "%-18s %8d %10.3f %7.3f - %6.3f %9.3f %9.3f%n", name, s.getN(),
                    s.getPercentile(50), s.getPercentile(10), s.getPercentile(90), s.getMin(), s.getMax());
        }
    }
}
