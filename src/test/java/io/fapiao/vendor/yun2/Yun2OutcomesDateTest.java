package io.fapiao.vendor.yun2;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** yun2's dates in their one written form, its own form read without a formatter. */
class Yun2OutcomesDateTest {

    @Test
    void yun2sOwnFormIsKeptAsItIs() {
        assertEquals("2026-11-22 09:05:07", Yun2Outcomes.date("2026-11-22 09:05:07"));
        assertEquals("2024-02-29 23:59:59", Yun2Outcomes.date(" 2024-02-29 23:59:59 "));
    }

    @Test
    void otherFormsAreBroughtToIt() {
        assertEquals("2019-01-12 11:20:33", Yun2Outcomes.date("2019-01-12T11:20:33"));
        assertEquals("2021-10-25 00:00:00", Yun2Outcomes.date("2021-10-25 00:00:00.000"));
        assertEquals("", Yun2Outcomes.date(""));
        assertEquals("", Yun2Outcomes.date(null));
    }

    @Test
    void onlyARealMomentInYun2sFormSkipsTheFormatters() {
        assertTrue(Yun2Outcomes.isValidDateTime("2026-11-22 09:05:07"));
        assertFalse(Yun2Outcomes.isValidDateTime("2026-02-30 09:05:07"));
        assertFalse(Yun2Outcomes.isValidDateTime("2026-11-22 24:00:00"));
        assertFalse(Yun2Outcomes.isValidDateTime("2026/11/22 09:05:07"));
        assertFalse(Yun2Outcomes.isValidDateTime("2026-11-2x 09:05:07"));
        assertFalse(Yun2Outcomes.isValidDateTime("+026-11-22 09:05:07"));
    }
}
