package io.fapiao.order;

import java.util.Locale;

/**
 * Kinds of invoice an order can ask for. The code is the one the contract accepts as a pass-through
 * (the tax bureau's 发票种类 codes as yun2 spells them); other vendors map it to their own.
 */
public enum InvoiceType {
    DIGITAL_NORMAL("021", false, true),
    DIGITAL_SPECIAL("020", true, true),
    E_NORMAL("026", false, false),
    E_SPECIAL("028", true, false),
    PAPER_SPECIAL("004", true, false),
    PAPER_NORMAL("007", false, false);

    private final String code;
    private final boolean special;
    private final boolean digital;

    InvoiceType(String code, boolean special, boolean digital) {
        this.code = code;
        this.special = special;
        this.digital = digital;
    }

    public String code() {
        return code;
    }

    /** A special (专用) invoice: the buyer's tax id is required. */
    public boolean special() {
        return special;
    }

    /** A fully digital (数电) invoice: 20-digit numbers, no separate invoice code. */
    public boolean digital() {
        return digital;
    }

    /** A red invoice of this kind needs the red-letter information form number (信息表编号). */
    public boolean redNeedsInfoForm() {
        return this == E_SPECIAL || this == PAPER_SPECIAL;
    }

    /** The type an ERP's text names, or null if it names none. */
    public static InvoiceType parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        switch (t) {
            case "普票", "数电普票", "normal", "电子普票", "数电票（普通发票）":
                return DIGITAL_NORMAL;
            case "专票", "数电专票", "special", "电子专票", "数电票（增值税专用发票）":
                return DIGITAL_SPECIAL;
            default:
                for (InvoiceType type : values()) {
                    if (type.code.equals(t)) {
                        return type;
                    }
                }
                return null;
        }
    }
}
