package org.jamesmsa.smtp.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.jamesmsa.csv.MutableClock;
import org.junit.jupiter.api.Test;

/** What every {@link RateLimiter} does, whatever keeps its counts. */
abstract class RateLimiterContract {
    static final Duration WINDOW = Duration.ofMinutes(10);

    final MutableClock clock = new MutableClock();

    abstract RateLimiter limiter();

    @Test
    void addReturnsTheCountWithTheAmountAndCountReadsItWithoutAdding() {
        RateLimiter limiter = limiter();

        assertThat(limiter.count("k", WINDOW)).isZero();
        assertThat(limiter.add("k", 1, WINDOW)).isEqualTo(1);
        assertThat(limiter.add("k", 5, WINDOW)).isEqualTo(6);
        assertThat(limiter.count("k", WINDOW)).isEqualTo(6);
        assertThat(limiter.count("k", WINDOW)).isEqualTo(6);
    }

    @Test
    void keysAreCountedApart() {
        RateLimiter limiter = limiter();
        limiter.add("alice", 3, WINDOW);

        assertThat(limiter.add("bob", 1, WINDOW)).isEqualTo(1);
        assertThat(limiter.count("alice", WINDOW)).isEqualTo(3);
    }

    @Test
    void theWindowSlidesThePreviousCountOutInProportion() {
        RateLimiter limiter = limiter();
        limiter.add("k", 10, WINDOW);

        clock.advance(WINDOW);
        assertThat(limiter.count("k", WINDOW)).as("at the start of the next window, all of the previous counts").isEqualTo(10);
        clock.advance(WINDOW.dividedBy(2));
        assertThat(limiter.count("k", WINDOW)).as("half-way through, half").isEqualTo(5);
        assertThat(limiter.add("k", 1, WINDOW)).isEqualTo(6);
        clock.advance(WINDOW.dividedBy(2));
        assertThat(limiter.count("k", WINDOW)).as("a window later, only the new one").isEqualTo(1);
        clock.advance(WINDOW.multipliedBy(2));
        assertThat(limiter.count("k", WINDOW)).as("two windows later, nothing").isZero();
    }
}
