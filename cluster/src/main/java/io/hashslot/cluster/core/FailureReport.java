package io.hashslot.cluster.core;

/** A master's report that some node is failing, and when we last heard it (ms). */
final class FailureReport {
    final KnownNode reporter;
    long time;

    FailureReport(KnownNode reporter, long time) {
        this.reporter = reporter;
        this.time = time;
    }
}
