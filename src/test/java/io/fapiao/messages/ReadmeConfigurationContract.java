package io.fapiao.messages;

import com.fasterxml.jackson.databind.JsonNode;
import io.fapiao.order.OrderJsonReader;
import io.fapiao.testing.BundleInstance;
import io.fapiao.testing.MessagingApp;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One broker's README configuration on the whole bundle, as written (only the broker's address is this test's):
 * the Camel component's own properties and the three {@code fapiao.messages.*} URIs. An ERP sends an order with its
 * correlation id, the same order again (what a redelivery looks like to the bundle), and a message that is not an
 * order; it reads the outcomes and the dead letter where the README says they are.
 */
abstract class ReadmeConfigurationContract {

    @TempDir
    Path dir;

    /** The README's lines for this broker: the component's properties and the {@code fapiao.messages.*} URIs. */
    abstract Map<String, String> readme();

    /** The component's own properties alone: what the ERP's side of the test connects with. */
    abstract Map<String, String> component();

    /** Where the ERP sends an order. */
    abstract String orders();

    /** Where the ERP reads outcome messages, and dead letters, after the bundle has put them there. */
    abstract String outcomesListener();

    abstract String deadLettersListener();

    /** The header that carries the correlation id both ways. */
    abstract String correlationHeader();

    /** Whatever the broker needs before the bundle starts. */
    void prepare() throws Exception {
    }

    static String order(String orderNo) throws Exception {
        return Files.readString(Path.of("samples/order.json"), StandardCharsets.UTF_8)
                .replace("JSON-20261122-001", orderNo);
    }

    /** The component's properties and these keys and values, in this order. */
    static Map<String, String> with(Map<String, String> component, String... keysAndValues) {
        Map<String, String> p = new LinkedHashMap<>(component);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            p.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return p;
    }

    static String text(Object header) {
        return header instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(header);
    }

    private Properties componentProperties() {
        Properties p = new Properties();
        p.putAll(component());
        return p;
    }

    /** What this test runs as the README's configuration is what the README says, line for line. */
    @Test
    void theseAreTheReadmeLines() throws Exception {
        List<String> lines = Files.readAllLines(Path.of("README.md"), StandardCharsets.UTF_8);
        Map<String, String> component = component();
        readme().forEach((key, value) -> {
            if (!value.equals(component.get(key))) {
                String line = key + " = " + value;
                assertTrue(lines.contains(line), () -> "README.md has no line " + line);
            }
        });
    }

    @Test
    void theReadmeConfigurationIssuesAnswersCorrelatedAndSetsAsideWhatIsNotAnOrder() throws Exception {
        prepare();
        Map<String, String> properties = new LinkedHashMap<>(readme());
        properties.put("fapiao.ledger.url", "jdbc:h2:file:" + dir.resolve("ledger/fapiao").toAbsolutePath());
        try (BundleInstance bundle = new BundleInstance(dir.resolve("bundle"), properties).start();
             MessagingApp erp = MessagingApp.producer(componentProperties())) {
            try (ProducerTemplate send = erp.context().createProducerTemplate()) {
                send.sendBodyAndHeader(orders(), order("MQ-001"), correlationHeader(), "erp-1");
                send.sendBodyAndHeader(orders(), order("MQ-001"), correlationHeader(), "erp-2");
                send.sendBody(orders(), "not an order");
            }
            List<Exchange> outcomes = collect(outcomesListener(), 2);
            Map<String, JsonNode> byCorrelation = new LinkedHashMap<>();
            for (Exchange e : outcomes) {
                assertEquals("MQ-001", text(e.getIn().getHeader(MessageIntake.ORDER_NO)));
                assertEquals("ISSUED", text(e.getIn().getHeader(MessageIntake.STATUS)));
                byCorrelation.put(text(e.getIn().getHeader(correlationHeader())),
                        OrderJsonReader.MAPPER.readTree(e.getIn().getBody(String.class)));
            }
            assertEquals(List.of("erp-1", "erp-2"), List.copyOf(byCorrelation.keySet()), "each answer correlated");
            String invoice = byCorrelation.get("erp-1").path("invoice_no").asText();
            assertTrue(invoice.matches("\\d{20}"), invoice);
            assertEquals(invoice, byCorrelation.get("erp-2").path("invoice_no").asText(), "issued once, answered twice");

            Exchange dead = collect(deadLettersListener(), 1).get(0);
            assertEquals("not an order", dead.getIn().getBody(String.class));
            assertTrue(text(dead.getIn().getHeader(MessageIntake.REASON)).contains("malformed JSON"),
                    text(dead.getIn().getHeader(MessageIntake.REASON)));
        }
    }

    /** Reads {@code count} messages from where the ERP would, and a moment more to see no others come. */
    private List<Exchange> collect(String uri, int count) throws Exception {
        List<Exchange> seen = Collections.synchronizedList(new ArrayList<>());
        try (MessagingApp listener = MessagingApp.consumer(componentProperties(), uri, e -> seen.add(e.copy()))) {
            AcknowledgementContract.await(() -> seen.size() >= count, Duration.ofSeconds(60), count + " messages at " + uri);
            Thread.sleep(500);
        }
        assertEquals(count, seen.size(), "messages at " + uri);
        return List.copyOf(seen);
    }
}
