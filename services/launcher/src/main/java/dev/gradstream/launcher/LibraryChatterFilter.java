package dev.gradstream.launcher;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.Charset;

/**
 * Standard output without ND4J 1.0.0-M2.1's debugging lines: SameDiff prints "Added differentiated op
 * ..." with {@code System.out.println} for every op of every gradient graph it builds, which would bury
 * the progress lines. Everything else passes through unchanged.
 */
final class LibraryChatterFilter extends PrintStream {

    private static final String SAMEDIFF_CHATTER = "Added differentiated op ";

    private LibraryChatterFilter(Charset charset) {
        super(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 13), true, charset);
    }

    /** Replaces System.out with the filter. */
    static void install() {
        System.setOut(new LibraryChatterFilter(Charset.defaultCharset()));
    }

    @Override
    public void println(String line) {
        if (line != null && line.startsWith(SAMEDIFF_CHATTER)) {
            return;
        }
        super.println(line);
    }
}
