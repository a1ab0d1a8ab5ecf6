package dev.gradstream.core;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The project's shared folder (data sets and peers, {@code ../shared} beside a checkout) for tests, from the
 * system property {@code gradstream.shared} that README's test command sets ({@code -Dgradstream.shared=../shared},
 * relative to the repository). Without the property, a test that needs it is skipped and says how to run it;
 * with the property set, missing files fail loudly: the data was promised and is not there.
 */
public final class SharedData {

    private SharedData() {
    }

    /** {@code relative} under the shared folder; skips the test without the property, fails when the file is missing. */
    public static Path require(String relative) {
        String shared = System.getProperty("gradstream.shared", "");
        assumeTrue(!shared.isBlank(), "gradstream.shared is not set: run with -Dgradstream.shared=../shared "
                + "(README's test command does) to test against " + relative);
        Path root = Path.of(shared);
        if (!root.isAbsolute()) {
            root = Path.of(System.getProperty("gradstream.repo", "")).toAbsolutePath().resolve(root).normalize();
        }
        Path path = root.resolve(relative);
        if (!Files.exists(path)) {
            throw new AssertionError("gradstream.shared=" + shared + " (" + root + ") has no " + relative
                    + ": the shared folder is incomplete or the property points elsewhere");
        }
        return path;
    }
}
