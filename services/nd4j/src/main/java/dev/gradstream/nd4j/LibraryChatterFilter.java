package dev.gradstream.nd4j;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;

/**
 * Standard output without ND4J 1.0.0-M2.1's debugging lines: SameDiff prints "Added differentiated op
 * ..." with {@code System.out.println} for every op of every gradient graph it builds, which would bury
 * progress lines and test logs. Installed by the command line at start and by this backend before it builds a
 * graph; everything else passes through unchanged.
 */
public final class LibraryChatterFilter extends PrintStream {

    private static final String SAMEDIFF_CHATTER = "Added differentiated op ";

    private LibraryChatterFilter(Charset charset) {
        super(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 13), true, charset);
    }

    /** Replaces System.out with the filter, once per JVM. */
    public static synchronized void install() {
        if (!(System.out instanceof LibraryChatterFilter)) {
            System.out.flush();
            System.setOut(new LibraryChatterFilter(Charset.defaultCharset()));
        }
    }

    @Override
    public void println(String line) {
        if (line != null && line.startsWith(SAMEDIFF_CHATTER)) {
            return;
        }
        super.println(line);
    }
}
