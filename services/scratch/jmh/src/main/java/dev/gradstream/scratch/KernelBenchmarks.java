package dev.gradstream.scratch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Locale;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;

/**
 * Runs {@link FloatKernelBenchmark} (any JMH command-line options pass through, e.g. {@code -p
 * layer=784x512 -f 1 -wi 2 -i 3}) and prints each product in GFLOP/s against the machine's peak:
 * {@code cores x float lanes per FMA x FMA instructions per cycle x 2 flops x clock}, read from
 * /proc/cpuinfo, with every assumption printed. Prints figures; asserts nothing.
 */
public final class KernelBenchmarks {

    private KernelBenchmarks() {
    }

    /** The machine's float32 peak and how it was derived. */
    record Peak(int cores, int lanes, int fmaPerCycle, double ghz, String model, String assumptions) {
        double perCoreGflops() {
            return lanes * fmaPerCycle * 2 * ghz;
        }

        double gflops() {
            return cores * perCoreGflops();
        }
    }

    static Peak peak() throws IOException {
        String info = Files.readString(Path.of("/proc/cpuinfo"));
        String model = field(info, "model name");
        String vendor = field(info, "vendor_id");
        int family = Integer.parseInt(field(info, "cpu family").isEmpty() ? "0" : field(info, "cpu family"));
        String flags = " " + field(info, "flags") + " ";
        double nominal = Double.parseDouble(field(info, "cpu MHz")) / 1000;
        double measured = measuredGhz();
        double ghz = Double.parseDouble(System.getProperty("peak.ghz", String.valueOf(Math.max(nominal, measured))));
        int cores = Runtime.getRuntime().availableProcessors();
        boolean avx512 = flags.contains(" avx512f ");
        boolean fma = flags.contains(" fma ");
        int lanes;
        int perCycle;
        String why;
        if (vendor.equals("AuthenticAMD") && family == 25 && avx512) {
            // Zen 4: two 256-bit FMA pipes; a 512-bit FMA occupies both, so one 16-lane FMA per cycle.
            lanes = 16;
            perCycle = 1;
            why = "AMD family 25 with AVX-512 = Zen 4: 2 FMA pipes of 256 bits, a 512-bit FMA takes both "
                    + "(1 x 16-lane FMA per cycle)";
        } else if (avx512) {
            lanes = 16;
            perCycle = 2;
            why = "AVX-512: assumed 2 FMA units of 512 bits (server Intel cores; 1 on some client parts)";
        } else if (fma) {
            lanes = 8;
            perCycle = 2;
            why = "AVX2 + FMA: assumed 2 FMA units of 256 bits";
        } else {
            lanes = 4;
            perCycle = 1;
            why = "no FMA flag: assumed one 128-bit multiply-add per cycle";
        }
        lanes = Integer.getInteger("peak.lanes", lanes);
        perCycle = Integer.getInteger("peak.fmaPerCycle", perCycle);
        why += String.format(Locale.ROOT, "; clock %.3f GHz: the larger of /proc/cpuinfo's 'cpu MHz' (%.3f, the "
                + "hypervisor's nominal value) and the clock measured by a dependent shift-and-add chain (%.3f, "
                + "2 cycles per step; it sees boost); -Dpeak.ghz overrides; %d cores available to the JVM",
                ghz, nominal, measured, cores);
        return new Peak(cores, lanes, perCycle, ghz, model, why);
    }

    /** Cycles per second from a chain of dependent shift-and-adds (one cycle each), best of five. */
    static double measuredGhz() {
        int steps = 100_000_000;
        double best = 0;
        long sink = 0;
        for (int run = 0; run < 8; run++) {
            long x = run + 1;
            long t0 = System.nanoTime();
            for (int i = 0; i < steps; i++) {
                x += x >>> 3;
            }
            long ns = System.nanoTime() - t0;
            sink += x;
            best = Math.max(best, 2.0 * steps / ns);
        }
        if (sink == 42) {
            System.out.print(""); // keeps the chain alive
        }
        return best;
    }

    private static String field(String cpuinfo, String name) {
        for (String line : cpuinfo.split("\n")) {
            if (line.startsWith(name) && line.contains(":")) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        return "";
    }

    public static void main(String[] args) throws IOException, RunnerException, CommandLineOptionException {
        Peak peak = peak();
        System.out.printf(Locale.ROOT, "CPU: %s%npeak float32: %d cores x %d lanes x %d FMA/cycle x 2 flops x %.3f GHz"
                        + " = %.1f GFLOP/s (%.1f per core)%nassumptions: %s%nVector API preferred species: %d float lanes%n",
                peak.model(), peak.cores(), peak.lanes(), peak.fmaPerCycle(), peak.ghz(), peak.gflops(),
                peak.perCoreGflops(), peak.assumptions(), FloatGemm.SPECIES.length());
        Options options = new OptionsBuilder().parent(new CommandLineOptions(args))
                .include(FloatKernelBenchmark.class.getSimpleName()).build();
        Collection<RunResult> results = new Runner(options).run();
        System.out.printf(Locale.ROOT, "%n%-9s %-10s %-10s %10s %9s %8s %14s%n", "layer", "product", "path", "us/call",
                "GFLOP/s", "of peak", "of 1-core peak");
        for (RunResult r : results) {
            String layer = r.getParams().getParam("layer");
            String product = r.getParams().getParam("product");
            String path = r.getParams().getBenchmark().substring(r.getParams().getBenchmark().lastIndexOf('.') + 1);
            String[] dims = layer.split("x");
            double flops = 2.0 * FloatKernelBenchmark.BATCH * Integer.parseInt(dims[0]) * Integer.parseInt(dims[1]);
            double micros = r.getPrimaryResult().getScore();
            double gflops = flops / micros / 1e3;
            System.out.printf(Locale.ROOT, "%-9s %-10s %-10s %10.2f %9.1f %7.1f%% %13.1f%%%n", layer, product, path,
                    micros, gflops, 100 * gflops / peak.gflops(), 100 * gflops / peak.perCoreGflops());
        }
    }
}
