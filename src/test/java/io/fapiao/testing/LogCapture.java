package io.fapiao.testing;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Every log line the bundle writes while it is open, with its stack trace if any: what an operator would read. */
public final class LogCapture implements AutoCloseable {

    private final List<String> lines = new ArrayList<>();
    private final List<Event> events = new ArrayList<>();

    /** A line as it was logged, with the time it was logged at (the event's own clock, not when a test looked). */
    public record Event(Instant at, String level, String line) {
    }
    private final AbstractAppender appender;

    public LogCapture() {
        appender = new AbstractAppender("capture-" + System.nanoTime(), null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                StringBuilder line = new StringBuilder(event.getLoggerName()).append(' ')
                        .append(event.getMessage().getFormattedMessage());
                for (Throwable t = event.getThrown(); t != null; t = t.getCause()) {
                    line.append(" | ").append(t);
                }
                synchronized (lines) {
                    lines.add(line.toString());
                    events.add(new Event(Instant.ofEpochMilli(event.getTimeMillis()), event.getLevel().name(),
                            line.toString()));
                }
            }
        };
        appender.start();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getRootLogger().addAppender(appender, Level.ALL, null);
        context.updateLoggers();
    }

    public List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    public List<Event> events() {
        synchronized (lines) {
            return List.copyOf(events);
        }
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getRootLogger().removeAppender(appender.getName());
        context.updateLoggers();
        appender.stop();
    }
}
