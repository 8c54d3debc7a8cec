package io.fapiao.testing;

import org.apache.camel.CamelContext;
import org.apache.camel.Processor;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.main.Main;

import java.util.Properties;

/**
 * A Camel Main application configured only by properties, the way the bundle is ({@code camel.component.<name>.*}
 * and a consumer URI): to prove that a broker's README configuration works, and how its consumer acknowledges.
 * With a consumer, the route {@code from(uri)} hands every message to the given processor, synchronously.
 */
public final class MessagingApp implements AutoCloseable {

    private final Main main;

    private MessagingApp(Main main) {
        this.main = main;
    }

    /** Only producers: for sending test messages. */
    public static MessagingApp producer(Properties properties) throws Exception {
        return start(properties, null, null);
    }

    public static MessagingApp consumer(Properties properties, String uri, Processor processor) throws Exception {
        return start(properties, uri, processor);
    }

    private static MessagingApp start(Properties properties, String uri, Processor processor) throws Exception {
        Main main = new Main();
        // not the bundle's application.properties (its routes, its HTTP server): only what is given here
        main.setDefaultPropertyPlaceholderLocation("false");
        main.setOverrideProperties(properties);
        main.configure().withDurationMaxSeconds(0).withJmxEnabled(false).withName("messaging-test");
        if (uri != null) {
            main.configure().addRoutesBuilder(new RouteBuilder() {
                @Override
                public void configure() {
                    from(uri).routeId("consumer").process(processor);
                }
            });
        }
        main.start();
        return new MessagingApp(main);
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    public void send(String uri, String body) {
        try (ProducerTemplate template = context().createProducerTemplate()) {
            template.sendBody(uri, body);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        main.stop();
    }
}
