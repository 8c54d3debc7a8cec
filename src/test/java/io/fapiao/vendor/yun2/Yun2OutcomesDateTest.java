package io.fapiao.vendor.yun2;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** yun2's dates in their one written form; its own form, when the moment exists, kept as it is written. */
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

    /**
     * Only a moment that exists is taken as it is written: others are read as the formatters always read them (a day
     * past the month's end is its last day, 24:00 the next day's start), and what none of them reads is kept.
     */
    @Test
    void aMomentThatDoesNotExistIsNotTakenAsWritten() {
        assertEquals("2026-02-28 09:05:07", Yun2Outcomes.date("2026-02-30 09:05:07"));
        assertEquals("2026-11-23 00:00:00", Yun2Outcomes.date("2026-11-22 24:00:00"));
        assertEquals("2026-13-01 00:00:00", Yun2Outcomes.date("2026-13-01 00:00:00"));
        assertEquals("2026/11/22 09:05:07", Yun2Outcomes.date("2026/11/22 09:05:07"));
    }
}
