package io.hashslot.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.OutputStreamAppender;
import io.hashslot.common.Clock;
import io.hashslot.common.LogLevel;
import io.hashslot.common.NodeLog;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's log in Redis's format ({@code pid:role dd Mon yyyy HH:mm:ss.SSS <mark> message}), written through
 * SLF4J to a Logback appender of its own: the logfile directive's file, or standard output when it is empty. When
 * the classpath has Logback but an SLF4J 1.x API (a host application's dependency mediation, e.g. a test project
 * that also depends on Jedis 5, which brings slf4j-api 1.7), Logback cannot be used and the lines are written to
 * the same file or standard output directly.
 */
public final class NodeLogger implements NodeLog {
    private static final DateTimeFormatter TIME =
        DateTimeFormatter.ofPattern("dd MMM yyyy HH:mm:ss.SSS", Locale.ENGLISH).withZone(ZoneId.systemDefault());
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final Clock clock;
    private final long pid = ProcessHandle.current().pid();
    private final Logger logger;
    private final ch.qos.logback.classic.Logger logbackLogger;
    private OutputStreamAppender<ILoggingEvent> appender;
    /** Direct output when Logback cannot be used (see the class comment); null otherwise. */
    private java.io.PrintStream direct;
    private volatile LogLevel level = LogLevel.NOTICE;
    private volatile char role = 'M';

    public NodeLogger(Clock clock, String logfile) {
        this.clock = clock;
        String name = "hashslot.node." + SEQUENCE.incrementAndGet();
        this.logger = LoggerFactory.getLogger(name);
        ch.qos.logback.classic.Logger lb;
        try {
            lb = logger instanceof ch.qos.logback.classic.Logger l ? l : null;
        } catch (LinkageError slf4jTooOld) {
            lb = null;
            direct = openDirect(logfile);
        }
        this.logbackLogger = lb;
        if (logbackLogger != null) {
            attach(logfile);
        }
    }

    private static java.io.PrintStream openDirect(String logfile) {
        if (logfile == null || logfile.isEmpty()) {
            return System.out;
        }
        try {
            return new java.io.PrintStream(new java.io.FileOutputStream(logfile, true), true,
                java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("Can't open the log file: " + e.getMessage(), e);
        }
    }

    private void attach(String logfile) {
        LoggerContext ctx = logbackLogger.getLoggerContext();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(ctx);
        encoder.setPattern("%msg%n");
        encoder.start();
        OutputStreamAppender<ILoggingEvent> a;
        if (logfile == null || logfile.isEmpty()) {
            ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
            a = console;
        } else {
            FileAppender<ILoggingEvent> file = new FileAppender<>();
            file.setFile(logfile);
            file.setAppend(true);
            file.setImmediateFlush(true);
            a = file;
        }
        a.setContext(ctx);
        a.setEncoder(encoder);
        a.setName(logbackLogger.getName());
        a.start();
        logbackLogger.addAppender(a);
        logbackLogger.setAdditive(false);
        logbackLogger.setLevel(Level.ALL);
        appender = a;
    }

    /** Detaches and closes this node's appender. */
    public void close() {
        if (direct != null && direct != System.out) {
            direct.close();
        }
        direct = null;
        if (appender != null) {
            logbackLogger.detachAppender(appender);
            appender.stop();
            appender = null;
        }
    }

    public void setLevel(LogLevel level) {
        this.level = level;
    }

    /** 'M' master, 'S' replica, 'C' before the server runs (config phase). */
    public void setRole(char role) {
        this.role = role;
    }

    @Override
    public boolean enabled(LogLevel l) {
        return l.ordinal() >= level.ordinal();
    }

    /** serverLogRaw: the text as it is, without the pid, role, time and level prefix (the startup banner). */
    public void raw(LogLevel l, String text) {
        if (!enabled(l)) {
            return;
        }
        java.io.PrintStream d = direct;
        if (d != null) {
            d.print(text);
            d.flush();
        } else {
            logger.info(text);
        }
    }

    /** The process id every line starts with. */
    public long pid() {
        return pid;
    }

    @Override
    public void log(LogLevel l, String message) {
        if (!enabled(l)) {
            return;
        }
        String line = pid + ":" + role + " " + TIME.format(Instant.ofEpochMilli(clock.currentTimeMillis())) + " "
            + l.mark() + " " + message;
        java.io.PrintStream d = direct;
        if (d != null) {
            d.println(line);
            return;
        }
        switch (l) {
            case WARNING -> logger.warn(line);
            case NOTICE -> logger.info(line);
            case VERBOSE -> logger.debug(line);
            default -> logger.trace(line);
        }
    }
}
