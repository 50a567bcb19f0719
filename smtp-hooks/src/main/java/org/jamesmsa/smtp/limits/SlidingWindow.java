package org.jamesmsa.smtp.limits;

import java.time.Duration;
import java.time.Instant;

/** Which fixed window an instant falls in, and how much of the previous one still counts. */
final class SlidingWindow {
    private final long index;
    private final double previousWeight;

    private SlidingWindow(long index, double previousWeight) {
        this.index = index;
        this.previousWeight = previousWeight;
    }

    static SlidingWindow at(Instant now, Duration window) {
        long millis = window.toMillis();
        long epochMillis = now.toEpochMilli();
        long index = Math.floorDiv(epochMillis, millis);
        double elapsed = (double) (epochMillis - index * millis) / millis;
        return new SlidingWindow(index, 1.0 - elapsed);
    }

    long index() {
        return index;
    }

    long count(long current, long previous) {
        return current + (long) Math.floor(previous * previousWeight);
    }
}
