package io.fapiao;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.config.properties.PropertiesConfigurationFactory;
import org.apache.logging.log4j.core.config.ConfigurationSource;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.core.layout.PatternLayout;
import org.apache.logging.log4j.message.SimpleMessage;
import org.junit.jupiter.api.Test;

import java.io.InputStream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The console an operator reads: every event on whole lines of its own. */
class ConsoleLayoutTest {

    private static String format(LogEvent event) throws Exception {
        try (InputStream in = ConsoleLayoutTest.class.getResourceAsStream("/log4j2.properties")) {
            var config = new PropertiesConfigurationFactory().getConfiguration(null, new ConfigurationSource(in));
            config.initialize();
            PatternLayout layout = (PatternLayout) config.getAppender("console").getLayout();
            return layout.toSerializable(event);
        }
    }

    @Test
    void aLineWithAnExceptionEndsItsOwnLine() throws Exception {
        String out = format(Log4jLogEvent.newBuilder().setLoggerName("io.fapiao.flow.Issuing").setLevel(Level.WARN)
                .setMessage(new SimpleMessage("orders.csv line 4: the checks failed"))
                .setThrown(new ArithmeticException("BigInteger would overflow supported range")).build());
        // the exception's message used to be written without a line end, so the next event began on its line
        assertTrue(out.endsWith(System.lineSeparator()), () -> "[" + out + "]");
        assertFalse(out.contains("\n" + System.lineSeparator()), () -> "no blank line: [" + out + "]");
        String plain = format(Log4jLogEvent.newBuilder().setLoggerName("io.fapiao.flow.Drops").setLevel(Level.INFO)
                .setMessage(new SimpleMessage("File a.csv: 1 orders")).build());
        assertTrue(plain.endsWith("File a.csv: 1 orders" + System.lineSeparator()), () -> "[" + plain + "]");
    }
}
