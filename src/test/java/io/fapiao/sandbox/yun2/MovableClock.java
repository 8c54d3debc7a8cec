package io.fapiao.sandbox.yun2;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/** A clock a test moves by hand. */
final class MovableClock extends Clock {

    private volatile Instant now;
    private final ZoneId zone;

    MovableClock(Instant start, ZoneId zone) {
        this.now = start;
        this.zone = zone;
    }

    static MovableClock at(String localDateTime) {
        ZoneId zone = ZoneId.of("Asia/Shanghai");
        return new MovableClock(java.time.LocalDateTime.parse(localDateTime).atZone(zone).toInstant(), zone);
    }

    void move(Duration by) {
        now = now.plus(by);
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new MovableClock(now, zone);
    }

    @Override
    public Instant instant() {
        return now;
    }
}
