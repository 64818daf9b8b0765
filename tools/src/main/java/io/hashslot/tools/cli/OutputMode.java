package io.hashslot.tools.cli;

/** How replies are printed: redis-cli's formatted (terminal), raw, CSV and JSON outputs. */
enum OutputMode {
    STANDARD, RAW, CSV, JSON, QUOTED_JSON
}
