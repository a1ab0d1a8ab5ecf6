package dev.gradstream.liveview;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Where uPlot's files are inside its webjar ({@code org.webjars.npm:uplot}, version pinned in the root pom):
 * {@code META-INF/resources/webjars/uplot/<version>/dist/}, the version read from the webjar's own
 * {@code pom.properties}, so that a new version in the pom needs no change here.
 */
final class UplotWebjar {

    static final String POM_PROPERTIES = "META-INF/maven/org.webjars.npm/uplot/pom.properties";

    private UplotWebjar() {
    }

    /** The webjar's version, from its pom.properties. */
    static String version() {
        try (InputStream in = UplotWebjar.class.getClassLoader().getResourceAsStream(POM_PROPERTIES)) {
            if (in == null) {
                throw new IllegalStateException(POM_PROPERTIES + " is missing: is org.webjars.npm:uplot on the classpath?");
            }
            Properties p = new Properties();
            p.load(in);
            String version = p.getProperty("version");
            if (version == null || version.isBlank()) {
                throw new IllegalStateException(POM_PROPERTIES + " has no version");
            }
            return version;
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + POM_PROPERTIES, e);
        }
    }

    /** The classpath folder of uPlot's built files, ending in a slash. */
    static String directory() {
        return "META-INF/resources/webjars/uplot/" + version() + "/dist/";
    }
}
