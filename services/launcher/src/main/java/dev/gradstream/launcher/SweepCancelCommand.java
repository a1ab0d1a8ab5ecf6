package dev.gradstream.launcher;

import dev.gradstream.bus.KafkaClients;
import dev.gradstream.sweep.SweepCancel;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code gradstream sweep cancel SWEEP_ID}: marks every job of the sweep that has no result yet as
 * {@code cancelled} on the results topic. Workers skip a job with a result, so jobs not yet started never
 * run; jobs in training finish. The coordinator, if still waiting, prints its table with them marked.
 */
@Command(name = "cancel", mixinStandardHelpOptions = true,
        description = "Cancel a sweep: its jobs not yet started are not trained and are marked cancelled.")
final class SweepCancelCommand implements Callable<Integer> {

    @Mixin
    BusOptions bus;

    @Parameters(paramLabel = "SWEEP_ID", description = "The sweep, as `gradstream sweep` printed it.")
    String sweepId;

    @Override
    public Integer call() {
        KafkaClients clients = bus.clusterClients("sweep cancel", "the Kafka cluster of the sweep "
                + "(a `gradstream sweep` prints the address of its in-process broker)");
        int n = SweepCancel.cancel(clients, sweepId, "gradstream sweep cancel");
        System.out.printf("sweep %s: %d job(s) without a result marked cancelled%n", sweepId, n);
        return ExitCodes.OK;
    }
}
