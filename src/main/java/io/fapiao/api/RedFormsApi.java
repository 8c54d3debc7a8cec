package io.fapiao.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fapiao.config.Seller;
import io.fapiao.config.Sellers;
import io.fapiao.ledger.RedFormLedger;
import io.fapiao.order.OrderJsonReader;
import io.fapiao.vendor.InvoiceVendor;
import io.fapiao.vendor.RedLetterForm;
import io.fapiao.vendor.RedLetterForms;
import io.fapiao.vendor.Vendor;
import io.fapiao.vendor.Vendors;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The red-letter forms (红字确认单) a seller's buyers filed, through the vendors that offer them
 * ({@link RedLetterForms}): {@code GET /api/red-forms} lists those waiting for the seller's answer, asked of the
 * vendor now for every configured seller ({@code ?seller=} for one); {@code POST /api/red-forms/{vendor}/{formId}/confirm}
 * with {@code {"accept": true|false}} answers one. A form is found by the seller it was listed for; a form never
 * listed here needs {@code ?seller=}.
 */
public final class RedFormsApi {

    private static final Logger LOG = LoggerFactory.getLogger(RedFormsApi.class);

    private final Sellers sellers;
    private final Vendors vendors;
    private final RedFormLedger forms;

    public RedFormsApi(Sellers sellers, Vendors vendors, RedFormLedger forms) {
        this.sellers = sellers;
        this.vendors = vendors;
        this.forms = forms;
    }

    public String list(Exchange exchange) {
        String only = exchange.getMessage().getHeader("seller", "", String.class).strip().toUpperCase(Locale.ROOT);
        ObjectNode n = OrderJsonReader.MAPPER.createObjectNode();
        ArrayNode out = n.putArray("forms");
        ArrayNode problems = n.putArray("problems");
        for (String taxId : new TreeSet<>(only.isEmpty() ? sellers.configured() : java.util.Set.of(only))) {
            Seller seller = sellers.of(taxId).orElse(null);
            RedLetterForms vendor = seller == null ? null : redForms(seller.vendor()).orElse(null);
            if (vendor == null) {
                if (!only.isEmpty()) {
                    throw new ApiException(404, "销方" + taxId + "的供应商不提供红字确认单 / seller " + taxId
                            + " is not served by a vendor with red-letter forms");
                }
                continue;
            }
            try {
                vendor.waitingForSeller(seller).forEach(f -> out.add(json(f)));
            } catch (RuntimeException e) {
                LOG.warn("Red-letter forms of seller {} at {} could not be listed: {}", taxId, seller.vendor().key(),
                        e.getMessage());
                problems.addObject().put("seller_tax_id", taxId).put("vendor", seller.vendor().key())
                        .put("error", "无法向供应商查询红字确认单 / the vendor's red-letter forms could not be listed");
            }
        }
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json;charset=UTF-8");
        return n.toString();
    }

    public String confirm(String body, Exchange exchange) {
        String vendorKey = exchange.getMessage().getHeader("vendor", "", String.class);
        String formId = exchange.getMessage().getHeader("formId", "", String.class).strip();
        Vendor vendor = Vendor.of(vendorKey).orElseThrow(() -> new ApiException(404, "没有供应商" + vendorKey
                + " / no vendor " + vendorKey));
        RedLetterForms redForms = redForms(vendor).orElseThrow(() -> new ApiException(404, "供应商" + vendor.key()
                + "不提供红字确认单 / vendor " + vendor.key() + " offers no red-letter forms here"));
        boolean accept = accept(body);
        String sellerTaxId = exchange.getMessage().getHeader("seller", "", String.class).strip().toUpperCase(Locale.ROOT);
        if (sellerTaxId.isEmpty()) {
            sellerTaxId = forms.find(vendor.key(), formId).map(r -> r.form().sellerTaxId()).orElseThrow(() ->
                    new ApiException(404, "未知的红字确认单" + formId + "：请先查询（GET /api/red-forms）或指定?seller= / unknown "
                            + "red-letter form " + formId + ": list it first (GET /api/red-forms) or give ?seller="));
        }
        String taxId = sellerTaxId;
        Seller seller = sellers.of(taxId).filter(s -> s.vendor() == vendor).orElseThrow(() -> new ApiException(404,
                "销方" + taxId + "不由" + vendor.key() + "服务 / seller " + taxId + " is not served by " + vendor.key()));
        RedLetterForm answered;
        try {
            answered = redForms.answer(seller, formId, accept);
        } catch (IllegalArgumentException e) {
            throw new ApiException(409, e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("Red-letter form {} at {}: the answer could not be given: {}", formId, vendor.key(), e.getMessage());
            throw new ApiException(502, "无法向供应商提交确认，请稍后再试 / the answer could not be given to the vendor; try "
                    + "again later");
        }
        LOG.info("Red-letter form {} of seller {} at {}: {} by the seller, now {}", formId, taxId, vendor.key(),
                accept ? "accepted" : "refused", answered.state());
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json;charset=UTF-8");
        return json(answered).toString();
    }

    private static boolean accept(String body) {
        JsonNode n;
        try {
            n = OrderJsonReader.MAPPER.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (Exception e) {
            throw new ApiException(400, "请求体须为JSON {\"accept\": true|false} / the body must be JSON {\"accept\": true|false}");
        }
        JsonNode accept = n == null ? null : n.get("accept");
        if (accept == null || !accept.isBoolean()) {
            throw new ApiException(400, "accept须为true或false / accept must be true or false");
        }
        return accept.booleanValue();
    }

    private Optional<RedLetterForms> redForms(Vendor vendor) {
        Optional<InvoiceVendor> v = vendors.issuing(vendor);
        return v.filter(RedLetterForms.class::isInstance).map(RedLetterForms.class::cast);
    }

    static ObjectNode json(RedLetterForm f) {
        ObjectNode n = OrderJsonReader.MAPPER.createObjectNode();
        n.put("vendor", f.vendor());
        n.put("form_id", f.formId());
        n.put("form_no", f.formNo());
        n.put("seller_tax_id", f.sellerTaxId());
        n.put("buyer_tax_id", f.buyerTaxId());
        n.put("buyer_name", f.buyerName());
        n.put("blue_invoice_no", f.blueInvoiceNo());
        n.put("total_amount", money(f.amount()));
        n.put("total_tax", money(f.tax()));
        n.put("filed_by", f.filedByBuyer() ? "buyer" : "seller");
        n.put("state", f.state().name());
        n.put("state_text", f.stateText());
        n.put("filed_at", f.filedAt());
        n.put("red_invoice_no", f.redInvoiceNo());
        return n;
    }

    private static String money(BigDecimal v) {
        return v == null ? "" : v.setScale(2, RoundingMode.HALF_UP).toPlainString();
    }
}
