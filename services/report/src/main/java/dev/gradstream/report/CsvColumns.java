package dev.gradstream.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.LinkedHashMap;

/**
 * A run directory's CSV file read by column: a header line, then one value per column per line, no quoting
 * (the trainer writes numbers, booleans and plain words only). Bad input names the file, line and column.
 */
final class CsvColumns {

    private final Path file;
    private final Map<String, List<String>> columns;
    private final int rows;

    private CsvColumns(Path file, Map<String, List<String>> columns, int rows) {
        this.file = file;
        this.columns = columns;
        this.rows = rows;
    }

    static CsvColumns read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(file + " is empty: expected a header line");
        }
        String[] header = lines.get(0).split(",", -1);
        Map<String, List<String>> columns = new LinkedHashMap<>();
        for (String h : header) {
            columns.put(h.trim(), new ArrayList<>(lines.size()));
        }
        int rows = 0;
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String[] cells = lines.get(i).split(",", -1);
            if (cells.length != header.length) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": " + cells.length + " values, "
                        + "the header has " + header.length);
            }
            for (int c = 0; c < cells.length; c++) {
                columns.get(header[c].trim()).add(cells[c].trim());
            }
            rows++;
        }
        return new CsvColumns(file, columns, rows);
    }

    int rows() {
        return rows;
    }

    List<String> names() {
        return List.copyOf(columns.keySet());
    }

    boolean has(String column) {
        return columns.containsKey(column);
    }

    List<String> strings(String column) {
        List<String> values = columns.get(column);
        if (values == null) {
            throw new IllegalArgumentException(file + " has no column '" + column + "' (columns: " + names() + ")");
        }
        return values;
    }

    double[] doubles(String column) {
        List<String> values = strings(column);
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = parse(values.get(i), column, i);
        }
        return out;
    }

    private double parse(String value, String column, int row) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + " line " + (row + 2) + ", column '" + column + "': '" + value
                    + "' is not a number");
        }
    }
}
