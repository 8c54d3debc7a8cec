package io.fapiao.login;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** A login's QR content as a PNG the operator scans from the screen with the tax bureau's app. */
public final class QrPng {

    /** Large enough to scan from a laptop screen, small enough for a console page. */
    public static final int DEFAULT_SIZE = 300;

    private QrPng() {
    }

    public static byte[] png(String content) {
        return png(content, DEFAULT_SIZE);
    }

    /** @param size width and height in pixels, the quiet zone included */
    public static byte[] png(String content, int size) {
        if (content == null || content.isEmpty()) {
            throw new IllegalArgumentException("no QR content to draw");
        }
        try {
            // UTF-8 so any Chinese in the content survives; margin 2 modules is plenty on a white page
            BitMatrix matrix = new QRCodeWriter().encode(content, BarcodeFormat.QR_CODE, size, size,
                    Map.of(EncodeHintType.CHARACTER_SET, StandardCharsets.UTF_8.name(),
                            EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M,
                            EncodeHintType.MARGIN, 2));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            MatrixToImageWriter.writeToStream(matrix, "PNG", out);
            return out.toByteArray();
        } catch (WriterException e) {
            throw new IllegalArgumentException("the QR content does not fit in a QR code: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
