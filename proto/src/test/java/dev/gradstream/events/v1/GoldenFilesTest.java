package dev.gradstream.events.v1;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The v1 contract without buf: every golden event, written by an earlier version of the schema, must
 * still read exactly under the current one, and every payload and field must have a golden example.
 *
 * <p>Writing the files: {@code ./mvnw -q -pl proto test -Dtest=GoldenFilesTest -Dgolden.write=missing}
 * (new payloads only) or {@code -Dgolden.write=all} (after adding fields; refuses while any existing file
 * no longer reads). See proto/README.md.
 */
@DisplayName("Golden v1 events")
class GoldenFilesTest {

    private static final String HOW_TO_WRITE = "write it with: ./mvnw -q -pl proto test -Dtest=GoldenFilesTest "
            + "-Dgolden.write=missing (see proto/README.md)";

    @TestFactory
    @DisabledIfSystemProperty(named = "golden.write", matches = ".+")
    @DisplayName("every golden event still reads exactly under the current schema")
    Stream<DynamicTest> everyGoldenEventStillReads() {
        return GoldenFiles.payloads().stream().filter(p -> Files.exists(GoldenFiles.binary(p)))
                .map(p -> DynamicTest.dynamicTest(GoldenFiles.stem(p), () -> GoldenFiles.readChecked(p)));
    }

    @Test
    @DisabledIfSystemProperty(named = "golden.write", matches = ".+")
    @DisplayName("every payload of Event has a binary and a text golden file, and no file names an unknown payload")
    void everyPayloadHasGoldenFiles() throws IOException {
        List<String> missing = new ArrayList<>();
        for (Event.PayloadCase p : GoldenFiles.payloads()) {
            for (Path f : List.of(GoldenFiles.binary(p), GoldenFiles.text(p))) {
                if (!Files.exists(f)) {
                    missing.add(f.getFileName().toString());
                }
            }
        }
        assertThat(missing).as("golden files missing; " + HOW_TO_WRITE).isEmpty();
        Set<String> known = GoldenFiles.payloads().stream().map(GoldenFiles::stem).collect(Collectors.toSet());
        try (Stream<Path> files = Files.list(GoldenFiles.DIR)) {
            assertThat(files.map(f -> f.getFileName().toString()).filter(n -> n.matches(".*\\.(pb|txtpb)"))
                    .map(n -> n.replaceFirst("\\.(pb|txtpb)$", "")))
                    .as("golden files of payloads Event no longer has (a removed payload must stay reserved "
                            + "and its golden files stay readable: see proto/README.md)")
                    .allMatch(known::contains);
        }
    }

    @Test
    @DisabledIfSystemProperty(named = "golden.write", matches = ".+")
    @DisplayName("between them the golden events set every field of every v1 message")
    void goldenEventsCoverEveryField() {
        List<Event> events = GoldenFiles.payloads().stream().filter(p -> Files.exists(GoldenFiles.binary(p)))
                .map(GoldenFiles::readChecked).toList();
        assertThat(GoldenFiles.unsetFields(events))
                .as("fields no golden file sets: give them a non-default value in GoldenEvents, then rewrite the "
                        + "files with -Dgolden.write=all")
                .isEmpty();
    }

    @Test
    @DisabledIfSystemProperty(named = "golden.write", matches = ".+")
    @DisplayName("the golden files are what GoldenEvents writes")
    void goldenFilesMatchTheirSource() {
        for (Map.Entry<Event.PayloadCase, Event> e : GoldenEvents.all().entrySet()) {
            if (Files.exists(GoldenFiles.binary(e.getKey()))) {
                assertThat(GoldenFiles.readChecked(e.getKey()))
                        .as(GoldenFiles.binary(e.getKey()) + " differs from GoldenEvents; rewrite with -Dgolden.write=all")
                        .isEqualTo(e.getValue());
            }
        }
    }

    @Test
    @DisplayName("GoldenEvents has an example of every payload, and the examples set every field")
    void examplesCoverEveryPayloadAndField() {
        assertThat(GoldenEvents.all().keySet()).as("payloads without an example in GoldenEvents")
                .containsExactlyInAnyOrderElementsOf(GoldenFiles.payloads());
        assertThat(GoldenFiles.unsetFields(GoldenEvents.all().values())).as("fields no example in GoldenEvents sets")
                .isEmpty();
    }

    @Test
    @EnabledIfSystemProperty(named = "golden.write", matches = "missing|all")
    @DisplayName("writes the golden files (-Dgolden.write=missing or all)")
    void writeGoldenFiles() {
        boolean all = "all".equals(System.getProperty("golden.write"));
        for (Event event : GoldenEvents.all().values()) {
            Event.PayloadCase p = event.getPayloadCase();
            boolean exists = Files.exists(GoldenFiles.binary(p));
            if (exists && !all) {
                continue;
            }
            if (exists) {
                // Never paper over a break: an existing file is rewritten only while it still reads exactly.
                GoldenFiles.readChecked(p);
            }
            GoldenFiles.write(event);
            System.out.println("golden: wrote " + GoldenFiles.binary(p) + " and " + GoldenFiles.text(p).getFileName());
        }
    }
}
