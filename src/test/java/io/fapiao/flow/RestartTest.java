package io.fapiao.flow;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.fapiao.ledger.Drop;
import io.fapiao.ledger.DropLedger;
import io.fapiao.ledger.Ledger;
import io.fapiao.ledger.LedgerDatabase;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bundle starts on a ledger a run left when it stopped mid-file: CR1 was being sent (and yun2 had issued it),
 * CR2 was received but never sent. The ERP's file is still in the inbox.
 */
class RestartTest extends LiveYun2TestSupport {

    private String seededInvoice;

    @Override
    protected void seed(Properties p) {
        String token = json(recorder.apply(form("/API/LOGIN/GetToken", Map.of("UserName", "erp", "Password", "pw"), "")))
                .replaceAll("(?s).*\"ID\"\\s*:\\s*\"([^\"]+)\".*", "$1");
        String invoice = "[{\"XTLSH\":\"CR1\",\"KHMC\":\"杭州西湖茶叶有限公司\",\"FPZL\":\"021\",\"QDBZ\":\"0\",\"ITEM\":[{\"CPMC\":\"龙井茶\","
                + "\"SL\":\"0.13\",\"CPSL\":\"2\",\"BHSJE\":\"100.00\",\"SE\":\"13.00\",\"FLBM\":\"1030307000000000000\",\"XSYH\":\"0\"}]}]";
        String issued = json(recorder.apply(form("/API/KPGL/FPKJ", Map.of("spid", SPID, "data",
                "[" + Base64.getEncoder().encodeToString(invoice.getBytes(StandardCharsets.UTF_8)) + "]"), token)));
        seededInvoice = issued.replaceAll("(?s).*\"fphm\"\\s*:\\s*\"(\\d+)\".*", "$1");
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(p.getProperty("fapiao.ledger.url"));
        try (HikariDataSource ds = new HikariDataSource(c)) {
            LedgerDatabase db = new LedgerDatabase(ds);
            db.migrate();
            db.claimMode("live");
            Ledger ledger = new Ledger(db, Duration.ofMinutes(10), Duration.ofMinutes(2));
            Drop d = new DropLedger(db).open("local:stopped", "crash.csv", 1, 1, "stopped", n -> false).drop();
            ledger.claim(SELLER, "CR1", "yun2", d.id(), 1);
            ledger.submitting(SELLER, "CR1", "DIGITAL_NORMAL", new BigDecimal("100.00"), new BigDecimal("13.00"), "{}");
            ledger.claim(SELLER, "CR2", "yun2", d.id(), 2);
        }
    }

    @Test
    void anOrderThatWasBeingSentIsAskedAboutAndOneNeverSentIsSentOnce() throws Exception {
        assertTrue(seededInvoice.matches("\\d{20}"), seededInvoice);
        drop("crash.csv", CSV_HEADER + row("CR1") + row("CR2"));
        awaitDone("crash.csv");
        List<CSVRecord> rows = settledNeverFailed("crash.csv");
        assertEquals(seededInvoice, rows.get(0).get("invoice_no"), "CR1 is the invoice yun2 issued before the stop");
        assertEquals(1, recorder.sent("CR1"), "CR1 was asked about (KPJG), not sent again");
        assertEquals(1, recorder.sent("CR2"), "CR2 never reached yun2: sent once now");
        assertTrue(recorder.calls("/API/KPGL/KPJG") >= 1);
        // a clean stop writes the last claims to the ledger's file: no segment of its claim log is left beside it
        context.stop();
        try (var files = Files.list(dir.resolve("ledger"))) {
            assertEquals(List.of(), files.map(f -> f.getFileName().toString()).filter(n -> n.contains(".claims.")).toList());
        }
    }
}
