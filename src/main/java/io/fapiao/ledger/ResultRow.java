package io.fapiao.ledger;

import io.fapiao.order.OrderStatus;

import java.math.BigDecimal;

/** One order's line in a drop's result file. */
public record ResultRow(int seq, long line, String sellerTaxId, String orderNo, OrderStatus status, String invoiceNo,
                        String issuedAt, BigDecimal totalAmount, BigDecimal totalTax, String pdf, String message) {
}
