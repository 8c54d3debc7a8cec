package io.fapiao.login;

import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class QrPngTest {

    /** What the bundle reads from a vendor's picture. */
    static String scan(byte[] png) {
        return QrPng.read(png).orElseThrow(() -> new AssertionError("no QR code read"));
    }

    @Test
    void sdqzsDocumentedQrContentReadsBack() throws Exception {
        String ewm = "qrcode_id=GdNBgdu+m19PQ/b6uzodwMXUKF4PhpaEXBUCuRU8rLoFAdAvmDp7i7Yobk7zzkNM&areaPrefix=5100"
                + "&interfaceCode=0003";
        byte[] png = QrPng.png(ewm);
        assertArrayEquals(new byte[]{(byte) 0x89, 'P', 'N', 'G'}, Arrays.copyOf(png, 4));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertEquals(QrPng.DEFAULT_SIZE, image.getWidth());
        assertEquals(ewm, scan(png));
    }

    @Test
    void chineseAndOtherSizes() throws Exception {
        String content = "https://tpass.example/login?nsrmc=沙箱示例科技（上海）有限公司&id=42";
        assertEquals(content, scan(QrPng.png(content, 200)));
    }

    @Test
    void everyDrawnLoginCodeReadsBack() {
        // zxing's finder search alone misses about 1 in 100 of these (34 of 3,000)
        Random random = new Random(20261129);
        for (int i = 0; i < 1500; i++) {
            byte[] raw = new byte[36];
            random.nextBytes(raw);
            String content = "qrcode_id=" + Base64.getEncoder().encodeToString(raw) + "&areaPrefix=3100";
            assertEquals(content, scan(QrPng.png(content)), "content " + i);
        }
    }

    @Test
    void noImageOrNoCodeIsNothingRead() {
        assertEquals(Optional.empty(), QrPng.read("not a picture".getBytes(StandardCharsets.UTF_8)));
        BufferedImage blank = new BufferedImage(100, 100, BufferedImage.TYPE_INT_RGB);
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        assertDoesNotThrow(() -> ImageIO.write(blank, "PNG", png));
        assertEquals(Optional.empty(), QrPng.read(png.toByteArray()));
    }

    @Test
    void nothingToDraw() {
        assertThrows(IllegalArgumentException.class, () -> QrPng.png(""));
        assertThrows(IllegalArgumentException.class, () -> QrPng.png("x".repeat(5000)));
    }
}
