package io.fapiao.sftp;

import org.apache.camel.builder.RouteBuilder;

import java.util.List;
import java.util.Map;

/**
 * One {@code intake-sftp} and one {@code results-sftp} route per inbox, made from the templates in
 * {@code routes/intake-sftp.camel.yaml} and {@code routes/results-sftp.camel.yaml}. Camel Main adds templated routes
 * after every route file is loaded, so the templates exist by then.
 */
final class SftpRoutes extends RouteBuilder {

    private final List<SftpInbox> inboxes;

    SftpRoutes(List<SftpInbox> inboxes) {
        this.inboxes = inboxes;
    }

    @Override
    public void configure() {
        for (SftpInbox inbox : inboxes) {
            var intake = templatedRoute("intake-sftp").routeId(inbox.intakeRouteId());
            for (Map.Entry<String, Object> p : inbox.intakeParameters().entrySet()) {
                intake.parameter(p.getKey(), String.valueOf(p.getValue()));
            }
            var upload = templatedRoute("results-sftp").routeId(inbox.uploadRouteId());
            for (Map.Entry<String, Object> p : inbox.uploadParameters().entrySet()) {
                upload.parameter(p.getKey(), String.valueOf(p.getValue()));
            }
        }
    }
}
