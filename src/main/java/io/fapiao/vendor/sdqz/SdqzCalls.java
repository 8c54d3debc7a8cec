package io.fapiao.vendor.sdqz;

import org.apache.camel.Exchange;
import org.apache.camel.Message;

import java.nio.charset.StandardCharsets;

/** The Java side of {@code vendor-sdqz.camel.yaml}: one envelope onto the exchange, as the HTTP call sends it. */
public final class SdqzCalls {

    /** Where the call goes: {@code {base}/Api}. */
    public String url(SdqzEnvelope envelope) {
        return envelope.url();
    }

    /** The envelope's headers, and nothing else, and its JSON body as the UTF-8 bytes sent. */
    public void prepare(SdqzEnvelope envelope, Exchange exchange) {
        Message m = exchange.getMessage();
        m.removeHeaders("*");
        envelope.headers().forEach(m::setHeader);
        m.setBody(envelope.body().getBytes(StandardCharsets.UTF_8));
    }
}
