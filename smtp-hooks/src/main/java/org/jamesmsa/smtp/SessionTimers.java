package org.jamesmsa.smtp;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.jamesmsa.contracts.BackgroundTimer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One timer thread for every listener: delayed replies (the growing delay after a failed login) and deadline checks
 * run here, so that no James thread ever sleeps. Tasks must be short; a task that throws is logged, and the timer
 * goes on.
 */
public class SessionTimers implements AutoCloseable {
    private static final Logger LOGGER = LoggerFactory.getLogger(SessionTimers.class);

    private final ScheduledExecutorService scheduler = BackgroundTimer.named("james-msa-session-timers");

    public ScheduledFuture<?> after(Duration delay, Runnable task) {
        return scheduler.schedule(guarded(task), delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    public ScheduledFuture<?> every(Duration period, Runnable task) {
        return scheduler.scheduleWithFixedDelay(guarded(task), period.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
    }

    private static Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOGGER.error("Session timer task failed", e);
            }
        };
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
