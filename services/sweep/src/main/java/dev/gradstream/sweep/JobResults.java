package dev.gradstream.sweep;

import dev.gradstream.events.v1.RunStatus;
import dev.gradstream.events.v1.SweepJob;
import dev.gradstream.events.v1.SweepResult;
import java.util.Locale;

/** Results of jobs that never trained: failed before starting, or cancelled. Metrics are NaN. */
final class JobResults {

    private JobResults() {
    }

    static SweepResult failed(SweepJob job, String worker, String reason) {
        return untrained(job, worker, RunStatus.RUN_STATUS_FAILED, reason);
    }

    static SweepResult cancelled(SweepJob job, String by, String reason) {
        return untrained(job, by, RunStatus.RUN_STATUS_CANCELLED, reason);
    }

    private static SweepResult untrained(SweepJob job, String worker, RunStatus status, String reason) {
        return SweepResult.newBuilder()
                .setSweepId(job.getSweepId())
                .setJobId(job.getJobId())
                .setJobIndex(job.getJobIndex())
                .setJobCount(job.getJobCount())
                .setConfig(job.getConfig())
                .setStatus(status)
                .setWorker(worker)
                .setReason(reason.length() > 4000 ? reason.substring(0, 4000) : reason)
                .setBestValidationLoss(Double.NaN).setBestValidationAccuracy(Double.NaN)
                .setTestLoss(Double.NaN).setTestAccuracy(Double.NaN).setTestF1Macro(Double.NaN)
                .setTestRocAucMacro(Double.NaN).setTestPrAucMacro(Double.NaN)
                .build();
    }
}
