package dev.gradstream.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A session directory read back: its run directories ({@code <task>-<backend>/}, each with a config.json)
 * grouped by task, and its gradient comparisons ({@code <task>-compare/gradient_comparison.csv}).
 *
 * @param dir         the session directory
 * @param runsByTask  task name to its runs, in directory-name order
 * @param comparisons directory name to its gradient_comparison.csv
 */
record SessionFiles(Path dir, Map<String, List<RunFiles>> runsByTask, Map<String, CsvColumns> comparisons) {

    static final String GRADIENT_COMPARISON = "gradient_comparison.csv";

    static SessionFiles read(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("session directory " + dir + " does not exist");
        }
        List<Path> children;
        try (Stream<Path> list = Files.list(dir)) {
            children = list.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("could not list " + dir, e);
        }
        Map<String, List<RunFiles>> runs = new LinkedHashMap<>();
        Map<String, CsvColumns> comparisons = new LinkedHashMap<>();
        for (Path child : children) {
            if (RunFiles.isRunDirectory(child)) {
                RunFiles run = RunFiles.read(child);
                runs.computeIfAbsent(run.task(), t -> new ArrayList<>()).add(run);
            } else if (Files.isRegularFile(child.resolve(GRADIENT_COMPARISON))) {
                comparisons.put(child.getFileName().toString(), CsvColumns.read(child.resolve(GRADIENT_COMPARISON)));
            }
        }
        if (runs.isEmpty() && comparisons.isEmpty()) {
            throw new IllegalArgumentException(dir + " holds no run directory (<task>-<backend>/config.json) and no "
                    + "gradient comparison: is it a session directory such as runs/20250101-120000-ab12?");
        }
        return new SessionFiles(dir, runs, comparisons);
    }

    List<RunFiles> allRuns() {
        return runsByTask.values().stream().flatMap(List::stream).toList();
    }
}
