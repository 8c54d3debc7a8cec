package io.fapiao.ledger;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DeflatedJsonTest {

    @Test
    void textThatDoesNotDeflateComesBackToo() {
        Random random = new Random(7);
        StringBuilder noise = new StringBuilder();
        for (int i = 0; i < 40_000; i++) {
            noise.append((char) (0x4E00 + random.nextInt(0x5000)));
        }
        for (String text : new String[] {"", "{}", noise.toString(), "{\"a\":\"" + "x".repeat(200_000) + "\"}"}) {
            assertEquals(text, DeflatedJson.inflate(DeflatedJson.deflate(text)));
        }
        assertNull(DeflatedJson.deflate(null));
        assertNull(DeflatedJson.inflate(null));
    }

    @Test
    void aDamagedOrCutValueSaysSoInsteadOfGivingOtherText() {
        byte[] deflated = DeflatedJson.deflate("{\"order_no\":\"D1\",\"buyer_name\":\"杭州西湖茶叶有限公司\"}");
        assertThrows(IllegalStateException.class, () -> DeflatedJson.inflate(Arrays.copyOf(deflated, deflated.length / 2)));
        byte[] damaged = deflated.clone();
        damaged[0] = 0;
        assertThrows(IllegalStateException.class, () -> DeflatedJson.inflate(damaged));
    }
}
