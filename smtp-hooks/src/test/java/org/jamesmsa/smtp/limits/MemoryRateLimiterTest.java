package org.jamesmsa.smtp.limits;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MemoryRateLimiterTest extends RateLimiterContract {

    @Override
    RateLimiter limiter() {
        return new MemoryRateLimiter(clock);
    }

    @Test
    void staleKeysAreDroppedWhenTheMapIsFullSoAFloodOfAddressesCannotGrowIt() {
        MemoryRateLimiter limiter = new MemoryRateLimiter(clock, 100);
        for (int i = 0; i < 101; i++) {
            limiter.add("198.51.100." + i, 1, WINDOW);
        }
        clock.advance(WINDOW.multipliedBy(2));

        limiter.add("192.0.2.1", 1, WINDOW);

        assertThat(limiter.keys()).isEqualTo(1);
        assertThat(limiter.count("198.51.100.1", WINDOW)).isZero();
    }

    @Test
    void liveKeysAreKeptBySweeping() {
        MemoryRateLimiter limiter = new MemoryRateLimiter(clock, 2);
        limiter.add("a", 1, WINDOW);
        limiter.add("b", 1, WINDOW);
        limiter.add("c", 1, WINDOW);

        limiter.add("d", 1, WINDOW);

        assertThat(limiter.count("a", WINDOW)).isEqualTo(1);
        assertThat(limiter.keys()).isEqualTo(4);
    }
}
