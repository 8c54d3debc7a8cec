package io.fapiao.sandbox;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A one-page PDF invoice as the sandbox vendors serve it: real PDF 1.4 that any reader opens, Chinese text in
 * Adobe's standard STSong-Light (no font embedded, so it stays small), Latin text in Helvetica.
 * It says plainly that it is a sandbox sample, not a tax document.
 *
 * <p>Simulators serve thousands of these a second, so the page is written straight into bytes: the objects that
 * never change (catalog, page, fonts) are written once for all, the page content goes last so every other offset is
 * fixed, and a layout drawn once can be {@link #copy() copied} and stamped with one invoice's text.
 */
public final class InvoicePdf {

    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.ISO_8859_1);
    /** The page content is object 6 and is written after the fixed objects; these are 1–5, 7, 8 in file order. */
    private static final String[] FIXED = {
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 420] /Resources << /Font << /F1 4 0 R /F2 5 0 R >> >>"
                + " /Contents 6 0 R >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [7 0 R] >>",
        "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe)"
                + " /Ordering (GB1) /Supplement 2 >> /FontDescriptor 8 0 R /DW 1000 >>",
        "<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0"
                + " /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>"};
    private static final int[] FIXED_NUMBERS = {1, 2, 3, 4, 5, 7, 8};
    private static final byte[] HEAD;
    /** The xref lines of objects 1–5, then of 7 and 8, around the content's own line. */
    private static final byte[] XREF_BEFORE_CONTENT;
    private static final byte[] XREF_AFTER_CONTENT;

    static {
        StringBuilder head = new StringBuilder("%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n");
        String[] xref = new String[FIXED.length];
        for (int i = 0; i < FIXED.length; i++) {
            xref[i] = tenDigits(head.length()) + " 00000 n \n";
            head.append(FIXED_NUMBERS[i]).append(" 0 obj\n").append(FIXED[i]).append("\nendobj\n");
        }
        HEAD = head.toString().getBytes(StandardCharsets.ISO_8859_1);
        XREF_BEFORE_CONTENT = ("xref\n0 9\n0000000000 65535 f \n" + String.join("", Arrays.copyOfRange(xref, 0, 5)))
                .getBytes(StandardCharsets.ISO_8859_1);
        XREF_AFTER_CONTENT = (xref[5] + xref[6] + "trailer\n<< /Size 9 /Root 1 0 R >>\nstartxref\n")
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The page's content stream so far, in PDF operators (ISO-8859-1; Chinese text is hex). */
    private byte[] ops;
    private int size;

    public InvoicePdf() {
        this(new byte[2048], 0);
    }

    private InvoicePdf(byte[] ops, int size) {
        this.ops = ops;
        this.size = size;
    }

    /** A new page that starts with everything drawn on this one; this one is left as it is. */
    public InvoicePdf copy() {
        return new InvoicePdf(Arrays.copyOf(ops, Math.max(2048, size * 2)), size);
    }

    /** Writes text at (x, y) in points from the bottom left. */
    public InvoicePdf text(float x, float y, float fontSize, String text) {
        boolean ascii = true;
        for (int i = 0; i < text.length() && ascii; i++) {
            ascii = text.charAt(i) < 0x80;
        }
        append(ascii ? "BT /F1 " : "BT /F2 ").number(fontSize).append(" Tf ").number(x).append(' ').number(y)
                .append(" Td ");
        if (ascii) {
            append('(');
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\\' || c == '(' || c == ')') {
                    append('\\');
                }
                append(c);
            }
            append(')');
        } else {
            append('<');
            ensure(text.length() * 4);
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                ops[size++] = HEX[c >> 12 & 0xF];
                ops[size++] = HEX[c >> 8 & 0xF];
                ops[size++] = HEX[c >> 4 & 0xF];
                ops[size++] = HEX[c & 0xF];
            }
            append('>');
        }
        return append(" Tj ET\n");
    }

    public InvoicePdf line(float x1, float y1, float x2, float y2) {
        return number(x1).append(' ').number(y1).append(" m ").number(x2).append(' ').number(y2).append(" l S\n");
    }

    public InvoicePdf rect(float x, float y, float w, float h) {
        return number(x).append(' ').number(y).append(' ').number(w).append(' ').number(h).append(" re S\n");
    }

    /** The whole PDF file. */
    public byte[] bytes() {
        byte[] streamHead = ("6 0 obj\n<< /Length " + size + " >>\nstream\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] streamTail = "\nendstream\nendobj\n".getBytes(StandardCharsets.ISO_8859_1);
        int contentOffset = HEAD.length;
        int xrefOffset = contentOffset + streamHead.length + size + streamTail.length;
        byte[] contentXref = (tenDigits(contentOffset) + " 00000 n \n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] end = (xrefOffset + "\n%%EOF\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[xrefOffset + XREF_BEFORE_CONTENT.length + contentXref.length + XREF_AFTER_CONTENT.length
                + end.length];
        int at = put(out, 0, HEAD);
        at = put(out, at, streamHead);
        System.arraycopy(ops, 0, out, at, size);
        at = put(out, at + size, streamTail);
        at = put(out, at, XREF_BEFORE_CONTENT);
        at = put(out, at, contentXref);
        at = put(out, at, XREF_AFTER_CONTENT);
        put(out, at, end);
        return out;
    }

    private InvoicePdf number(float value) {
        int whole = (int) value;
        if (whole != value || whole < 0 || whole > 9999) {
            return append(Float.toString(value));
        }
        // page coordinates and font sizes: small whole numbers, written without a String
        ensure(4);
        if (whole >= 1000) {
            ops[size++] = (byte) ('0' + whole / 1000);
        }
        if (whole >= 100) {
            ops[size++] = (byte) ('0' + whole / 100 % 10);
        }
        if (whole >= 10) {
            ops[size++] = (byte) ('0' + whole / 10 % 10);
        }
        ops[size++] = (byte) ('0' + whole % 10);
        return this;
    }

    private InvoicePdf append(String s) {
        ensure(s.length());
        for (int i = 0; i < s.length(); i++) {
            ops[size++] = (byte) s.charAt(i);
        }
        return this;
    }

    private InvoicePdf append(char c) {
        ensure(1);
        ops[size++] = (byte) c;
        return this;
    }

    private void ensure(int more) {
        if (size + more > ops.length) {
            ops = Arrays.copyOf(ops, Math.max(ops.length * 2, size + more));
        }
    }

    private static int put(byte[] out, int at, byte[] part) {
        System.arraycopy(part, 0, out, at, part.length);
        return at + part.length;
    }

    private static String tenDigits(int n) {
        String s = Integer.toString(n);
        return "0".repeat(10 - s.length()) + s;
    }
}
