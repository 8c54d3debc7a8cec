package io.fapiao.sandbox.yun2;

import com.fasterxml.jackson.databind.JsonNode;
import io.fapiao.sandbox.InvoicePdf;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.Map;

/**
 * The PDF behind yun2's {@code /KPGL/PDFXZ} link: one page per invoice with the seller (its enterprise), the buyer,
 * the lines and the totals as yun2 recorded them. Each invoice kind, blue or red, is one layout drawn once; an
 * invoice is that layout stamped with its own text.
 */
final class Yun2InvoicePdf {

    private static final int LINES_ON_PAGE = 10;
    private static final Map<String, InvoicePdf> LAYOUTS = new HashMap<>();

    static {
        for (String fpzl : Yun2OrderRules.TYPES) {
            LAYOUTS.put(fpzl, layout(fpzl, false));
            LAYOUTS.put(fpzl + "-red", layout(fpzl, true));
        }
    }

    private Yun2InvoicePdf() {
    }

    private static InvoicePdf layout(String fpzl, boolean red) {
        String title = switch (fpzl) {
            case "020" -> "电子发票（增值税专用发票）";
            case "021" -> "电子发票（普通发票）";
            case "028" -> "增值税电子专用发票";
            case "004" -> "增值税专用发票";
            case "007" -> "增值税普通发票";
            default -> "增值税电子普通发票";
        };
        return new InvoicePdf()
                .text(170, 385, 16, title + (red ? "（红字）" : ""))
                .text(30, 362, 9, "沙箱样票 仅供测试 非真实发票")
                .text(30, 350, 9, "SANDBOX SAMPLE - NOT A TAX DOCUMENT")
                .text(380, 362, 9, "发票号码：").text(380, 350, 9, "开票日期：")
                .rect(25, 80, 545, 262)
                .text(30, 311, 9, "统一社会信用代码/纳税人识别号：").text(300, 311, 9, "纳税人识别号：")
                .line(25, 300, 570, 300)
                .text(30, 287, 9, "项目名称").text(230, 287, 9, "数量").text(300, 287, 9, "金额")
                .text(380, 287, 9, "税率").text(450, 287, 9, "税额")
                .line(25, 125, 570, 125)
                .text(30, 110, 10, "合计").text(30, 90, 10, "价税合计（小写）").text(30, 45, 9, "校验码：");
    }

    /** The PDF of an issued invoice. */
    static byte[] of(Yun2Order inv) {
        JsonNode o = inv.order();
        Yun2Enterprise seller = inv.enterprise;
        InvoicePdf pdf = LAYOUTS.get(inv.fpzl + (inv.red ? "-red" : "")).copy()
                .text(430, 362, 9, inv.number()).text(430, 350, 9, inv.kprq)
                .text(30, 325, 10, "购买方：" + o.path("KHMC").asText(""))
                .text(180, 311, 9, o.path("KHSH").asText(""))
                .text(300, 325, 10, "销售方：" + seller.name)
                .text(370, 311, 9, seller.taxId);
        if (inv.voided) {
            pdf.text(470, 385, 14, "已作废 " + inv.voidedAt.substring(0, 10));
        }
        float y = 272;
        int n = 0;
        for (JsonNode item : o.path("ITEM")) {
            if (n == LINES_ON_PAGE) {
                pdf.text(30, y, 9, "（详见清单）");
                break;
            }
            String amount = item.path("BHSJE").asText("");
            if (n == 0 && inv.difference.signum() != 0) {
                amount = new BigDecimal(amount.strip()).add(inv.difference).toPlainString();
            }
            pdf.text(30, y, 9, item.path("CPMC").asText(""))
                    .text(230, y, 9, item.path("CPSL").asText(""))
                    .text(300, y, 9, amount)
                    .text(380, y, 9, item.path("SL").asText(""))
                    .text(450, y, 9, item.path("SE").asText(""));
            y -= 14;
            n++;
        }
        String remark = o.path("BZ").asText("") + (inv.red ? " 被红冲发票号码：" + o.path("YFPHM").asText("") : "");
        return pdf.text(300, 110, 10, inv.amount().toPlainString()).text(450, 110, 10, inv.sentTax.toPlainString())
                .text(130, 90, 10, "CNY " + inv.total().toPlainString())
                .text(30, 60, 9, "备注：" + remark)
                .text(75, 45, 9, inv.xym)
                .text(400, 45, 9, "开票人：" + Yun2Sandbox.orDefault(o.path("KPR").asText(""), seller.drawer))
                .bytes();
    }
}
