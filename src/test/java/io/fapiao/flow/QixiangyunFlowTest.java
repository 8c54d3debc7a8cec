package io.fapiao.flow;

import io.fapiao.sandbox.qixiangyun.QixiangyunSandbox;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The default seller moved to qixiangyun with one property; the sandbox serves it out of the box. */
class QixiangyunFlowTest extends RouteTestSupport {

    @Override
    protected void more(Properties p) {
        p.put("fapiao.seller.vendor", "qixiangyun");
        p.put("vendor.qixiangyun.retry-delay-ms", "50");
        p.put("vendor.qixiangyun.red-form-check-ms", "300");
    }

    private QixiangyunSandbox qixiangyun() {
        return context.getRegistry().lookupByNameAndType("qixiangyunSandbox", QixiangyunSandbox.class);
    }

    @Test
    void theSamplesIssueThroughQixiangyun() throws Exception {
        for (String name : List.of("orders-utf8-bom.csv", "discount.csv", "order.json")) {
            drop(name, Files.readAllBytes(Path.of("samples", name)));
        }
        for (String name : List.of("orders-utf8-bom.csv", "discount.csv", "order.json")) {
            List<CSVRecord> rows = awaitResults(name, RouteTestSupport::allSettled);
            for (CSVRecord r : rows) {
                assertEquals("ISSUED", r.get("status"), () -> name + ": " + r);
                assertTrue(r.get("invoice_no").matches("\\d{20}"), r::toString);
                assertTrue(Files.size(outbox().resolve(r.get("pdf"))) > 0);
            }
        }
        assertEquals(0, yun2().invoiceCount(), "nothing went to yun2");
        assertTrue(qixiangyun().invoiceCount() >= 5);
    }
}
