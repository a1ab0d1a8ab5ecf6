package dev.gradstream.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * The command line users see: every command's {@code --help} against {@code cli-help.txt} (the options, their
 * defaults and descriptions), and the exit code of a bad option value. A deliberate change to an option updates
 * the file: the test writes what it found to {@code target/cli-help.actual.txt}.
 */
@DisplayName("The command line")
class CommandLineHelpTest {

    private static final String GOLDEN = "/cli-help.txt";

    @RegisterExtension
    final StderrCapture err = new StderrCapture();

    @Test
    @DisplayName("prints the same help, option by option, as cli-help.txt records")
    void helpIsUnchanged() throws IOException {
        StringBuilder actual = new StringBuilder();
        appendUsage(new CommandLine(new Gradstream()), actual);
        String expected;
        try (InputStream in = CommandLineHelpTest.class.getResourceAsStream(GOLDEN)) {
            expected = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        if (!actual.toString().equals(expected)) {
            Path written = Path.of("target", "cli-help.actual.txt");
            Files.createDirectories(written.getParent());
            Files.writeString(written, actual);
            assertThat(actual.toString()).as("help text (this run's is in %s)", written.toAbsolutePath())
                    .isEqualTo(expected);
        }
    }

    private static void appendUsage(CommandLine cmd, StringBuilder out) {
        out.append("=== ").append(cmd.getCommandSpec().qualifiedName()).append('\n')
                .append(cmd.getUsageMessage(CommandLine.Help.Ansi.OFF));
        for (Map.Entry<String, CommandLine> sub : cmd.getSubcommands().entrySet()) {
            appendUsage(sub.getValue(), out);
        }
    }

    /* Every bad value is bad input, exit 2: also a value picocli cannot convert (its ParameterException). */
    @ParameterizedTest(name = "{0} -> exit {1}")
    @DisplayName("refuses a bad option value before anything starts, naming it, with exit 2")
    @CsvSource(delimiter = '|', value = {
        "train --epochs x|2|--epochs",
        "train --finished-run-ttl 10y|2|10y",
        "sweep --workers -1|2|--workers",
        "sweep --batch-size x|2|--batch-size",
        "bench --epochs 0|2|--epochs",
        "bench --modes fast|2|fast",
        "bench --warm-up-seconds -1|2|--warm-up-seconds",
        "loadgen --rate 0|2|--rate",
        "replay --speed -1 some-run|2|--speed",
        "evaluate --split train some-run|2|--split",
        "broker --port 70000|2|--port",
        "sweep-worker|2|--bootstrap-servers",
        "sweep cancel some-sweep|2|--bootstrap-servers",
        "serve --services trainer|2|trainer",
        "compare-gradients --seed x|2|--seed",
        "resume --metrics-port x some-dir|2|--metrics-port"})
    void badValues(String line, int code, String named) {
        assertThat(Gradstream.run(line.split(" "))).isEqualTo(code);
        assertThat(err.text()).contains(named);
    }
}
