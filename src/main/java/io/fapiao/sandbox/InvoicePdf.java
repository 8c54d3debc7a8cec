package io.fapiao.sandbox;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A one-page PDF invoice as the sandbox vendors serve it: real PDF 1.4 that any reader opens, Chinese text in
 * Adobe's standard STSong-Light (no font embedded, so it stays small), Latin text in Helvetica.
 * It says plainly that it is a sandbox sample, not a tax document.
 */
public final class InvoicePdf {

    private final List<String> ops = new ArrayList<>();

    /** Writes text at (x, y) in points from the bottom left. */
    public InvoicePdf text(float x, float y, float size, String text) {
        boolean ascii = text.chars().allMatch(c -> c < 0x80);
        StringBuilder op = new StringBuilder("BT /").append(ascii ? "F1 " : "F2 ").append(size).append(" Tf ")
                .append(x).append(' ').append(y).append(" Td ");
        if (ascii) {
            op.append('(').append(text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")).append(')');
        } else {
            op.append('<');
            for (char c : text.toCharArray()) {
                op.append(String.format("%04X", (int) c));
            }
            op.append('>');
        }
        ops.add(op.append(" Tj ET").toString());
        return this;
    }

    public InvoicePdf line(float x1, float y1, float x2, float y2) {
        ops.add(x1 + " " + y1 + " m " + x2 + " " + y2 + " l S");
        return this;
    }

    public InvoicePdf rect(float x, float y, float w, float h) {
        ops.add(x + " " + y + " " + w + " " + h + " re S");
        return this;
    }

    public byte[] bytes() {
        String content = String.join("\n", ops);
        byte[] contentBytes = content.getBytes(StandardCharsets.ISO_8859_1);
        List<String> objects = List.of(
                "<< /Type /Catalog /Pages 2 0 R >>",
                "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 420] /Resources << /Font << /F1 4 0 R /F2 5 0 R >> >>"
                        + " /Contents 6 0 R >>",
                "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
                "<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [7 0 R] >>",
                "<< /Length " + contentBytes.length + " >>\nstream\n" + content + "\nendstream",
                "<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe)"
                        + " /Ordering (GB1) /Supplement 2 >> /FontDescriptor 8 0 R /DW 1000 >>",
                "<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0"
                        + " /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, "%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n");
        List<Integer> offsets = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            offsets.add(out.size());
            write(out, (i + 1) + " 0 obj\n" + objects.get(i) + "\nendobj\n");
        }
        int xref = out.size();
        StringBuilder table = new StringBuilder("xref\n0 " + (objects.size() + 1) + "\n0000000000 65535 f \n");
        for (int offset : offsets) {
            table.append(String.format("%010d 00000 n \n", offset));
        }
        table.append("trailer\n<< /Size ").append(objects.size() + 1).append(" /Root 1 0 R >>\nstartxref\n")
                .append(xref).append("\n%%EOF\n");
        write(out, table.toString());
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
    }
}
