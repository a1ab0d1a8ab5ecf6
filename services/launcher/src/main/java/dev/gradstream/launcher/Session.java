package dev.gradstream.launcher;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.UUID;

/**
 * One invocation's runs, grouped: {@code <runs dir>/<session id>/} holds a directory per run
 * ({@code <task>-<backend>}), per gradient comparison ({@code <task>-compare}) and the session's report.
 * Run ids are {@code <session id>-<task>-<backend>}, unique across sessions.
 *
 * @param id  {@code yyyyMMdd-HHmmss-xxxx}
 * @param dir the session directory
 */
record Session(String id, Path dir) {

    /** A new session under {@code runsDir}, named after the current time and a random suffix. */
    static Session create(Path runsDir) {
        String id = LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-"
                + UUID.randomUUID().toString().substring(0, 4);
        return new Session(id, runsDir.resolve(id));
    }

    String runId(String task, String backend) {
        return id + "-" + task + "-" + backend;
    }

    Path runDir(String task, String backend) {
        return dir.resolve(task + "-" + backend);
    }
}
