package io.fapiao.messages;

import com.fasterxml.jackson.core.type.TypeReference;
import io.fapiao.Bundle;
import io.fapiao.Feature;
import io.fapiao.config.Settings;
import io.fapiao.ledger.MessageLedger;
import io.fapiao.order.OrderJsonReader;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.util.URISupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;

/**
 * Orders as messages ({@code intake-messages.camel.yaml}), on when {@code fapiao.messages.uri} is set: the intake's
 * bean, and the reply sink of channel kind {@code message} that sends every outcome to
 * {@code fapiao.messages.outcome-uri} (when set) through the {@code message-outcome} route. Which broker, and how to
 * reach it, is the Camel component's own configuration ({@code camel.component.<name>.*}) and the URIs.
 */
public final class MessagesWiring implements Feature {

    private static final Logger LOG = LoggerFactory.getLogger(MessagesWiring.class);
    private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {
    };

    @Override
    public void wire(Bundle bundle) throws Exception {
        Settings settings = bundle.settings();
        if (settings.find("fapiao.messages.uri").isEmpty()) {
            return;
        }
        settings.required("fapiao.messages.dead-letter-uri", "fapiao.messages.uri is set: a message that is not a "
                + "JSON order is sent there with the reason, never dropped");
        MessageLedger ledger = new MessageLedger(bundle.database());
        OutcomeMessages outcomes = null;
        if (settings.find("fapiao.messages.outcome-uri").isPresent()) {
            ProducerTemplate template = bundle.context().createProducerTemplate();
            Duration firstPause = Duration.ofMillis(settings.getInt("fapiao.messages.outcome-retry-delay-ms", 500));
            Duration longestPause = Duration.ofMillis(settings.getInt("fapiao.messages.outcome-max-delay-ms", 60_000));
            outcomes = new OutcomeMessages(ledger, m -> send(template, m), bundle.health(), firstPause, longestPause);
            bundle.closeOnStop(outcomes);
            OutcomeMessages started = outcomes;
            bundle.context().addStartupListener((context, alreadyStarted) -> started.start());
        }
        MessageReplies replies = new MessageReplies(ledger, outcomes);
        bundle.sinks().register(MessageReplies.KIND, replies);
        bundle.bind("messageIntake", new MessageIntake(ledger, replies));
        bundle.health().up(OutcomeMessages.HEALTH);
        LOG.info("Order messages: from {}{}", URISupport.sanitizeUri(settings.get("fapiao.messages.uri", "")),
                outcomes == null ? "; no fapiao.messages.outcome-uri: outcomes go back only as replies to requests"
                        : "; outcomes to " + URISupport.sanitizeUri(settings.get("fapiao.messages.outcome-uri", "")));
    }

    /** One outcome message through the {@code message-outcome} route, whose error handling retries it in place. */
    private static void send(ProducerTemplate template, MessageLedger.Waiting m) throws Exception {
        Map<String, String> correlation = OrderJsonReader.MAPPER.readValue(m.correlation(), HEADERS);
        Exchange done = template.send("direct:message-outcome", exchange -> {
            exchange.getIn().getHeaders().putAll(correlation);
            exchange.getIn().setHeader(MessageIntake.ORDER_NO, m.orderNo());
            exchange.getIn().setHeader(MessageIntake.STATUS, m.status());
            exchange.getIn().setBody(m.body());
        });
        if (done.getException() != null) {
            throw done.getException();
        }
    }
}
