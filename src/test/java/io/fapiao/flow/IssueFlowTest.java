package io.fapiao.flow;

import org.apache.commons.csv.CSVRecord;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IssueFlowTest extends RouteTestSupport {

    @Test
    void theSamplesBecomeInvoicesWithResultFilesAndPdfs() throws Exception {
        for (String name : List.of("orders-gbk.csv", "orders-utf8-bom.csv", "discount.csv", "red-invoice.csv", "order.json",
                "with-errors.csv")) {
            drop(name, Files.readAllBytes(Path.of("samples", name)));
        }
        for (String name : List.of("orders-gbk.csv", "orders-utf8-bom.csv", "discount.csv", "red-invoice.csv", "order.json")) {
            assertEquals(".done", awaitDone(name).getParent().getFileName().toString());
            List<CSVRecord> rows = awaitResults(name, RouteTestSupport::allSettled);
            for (CSVRecord r : rows) {
                assertEquals("ISSUED", r.get("status"), () -> name + ": " + r);
                assertTrue(r.get("invoice_no").matches("\\d{20}"), r::toString);
                Path pdf = outbox().resolve(r.get("pdf"));
                assertEquals("pdf/" + r.get("order_no") + "_" + r.get("invoice_no") + ".pdf", r.get("pdf"));
                try (PDDocument doc = Loader.loadPDF(pdf.toFile())) {
                    assertEquals(1, doc.getNumberOfPages());
                    assertTrue(new PDFTextStripper().getText(doc).contains(r.get("invoice_no")));
                }
                assertTrue(Files.exists(outbox().resolve("results").resolve(r.get("order_no") + ".json")));
            }
        }
        assertEquals(3, results("orders-gbk.csv").size());
        CSVRecord discount = results("discount.csv").get(0);
        assertEquals("9600.00", discount.get("total_amount"));
        assertEquals("1248.00", discount.get("total_tax"));
        CSVRecord red = results("red-invoice.csv").get(0);
        assertEquals("-176.00", red.get("total_amount"));
        assertEquals("-22.88", red.get("total_tax"));
    }

    @Test
    void rejectedRowsAreReportedAndTheRestOfTheFileIsIssued() throws Exception {
        drop("with-errors.csv", Files.readAllBytes(Path.of("samples", "with-errors.csv")));
        awaitDone("with-errors.csv");
        List<CSVRecord> rows = awaitResults("with-errors.csv", RouteTestSupport::allSettled);
        assertEquals(List.of("ISSUED", "REJECTED", "REJECTED", "REJECTED", "REJECTED", "ISSUED"),
                rows.stream().map(r -> r.get("status")).toList());
        assertEquals("MIX-20261122-001", rows.get(0).get("order_no"));
        List<CSVRecord> errors = errors("with-errors.csv");
        CSVRecord special = errors.stream().filter(e -> e.get("order_no").equals("MIX-20261122-002")).findFirst().orElseThrow();
        assertEquals("with-errors.csv", special.get("file"));
        assertEquals("3", special.get("line"));
        assertEquals("buyer_tax_id", special.get("field"));
        assertTrue(special.get("reason_zh").contains("专票"));
        assertTrue(special.get("reason_en").contains("special"));
        assertTrue(errors.stream().anyMatch(e -> e.get("line").equals("4") && e.get("field").equals("tax_code")));
        assertTrue(errors.stream().anyMatch(e -> e.get("line").equals("6") && e.get("field").equals("amount")));
        assertEquals(2, yun2().invoiceCount(), "rejected orders never reach the vendor");
    }
}
