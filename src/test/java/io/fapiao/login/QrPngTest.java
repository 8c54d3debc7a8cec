package io.fapiao.login;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class QrPngTest {

    /** What a phone would read from the picture. */
    static String scan(byte[] png) throws Exception {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))),
                Map.of(DecodeHintType.CHARACTER_SET, "UTF-8")).getText();
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
    void nothingToDraw() {
        assertThrows(IllegalArgumentException.class, () -> QrPng.png(""));
        assertThrows(IllegalArgumentException.class, () -> QrPng.png("x".repeat(5000)));
    }
}
