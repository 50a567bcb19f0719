package org.jamesmsa.extension;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.inject.Singleton;

import org.jamesmsa.audit.AuditStore;
import org.jamesmsa.contracts.AuditHealth;
import org.jamesmsa.contracts.BackgroundTimer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * While audit records cannot be written, asks the store every {@link #EVERY} whether it could keep one now
 * ({@link AuditStore#probe()}), and tells {@link AuditHealth} as soon as it can: the listeners accept mail again
 * within seconds of the disk being freed or the database coming back, with no message sent to find out. While
 * records are written it does nothing but read a flag.
 */
@Singleton
public class AuditProbe {
    static final Duration EVERY = Duration.ofSeconds(2);
    private static final Logger LOGGER = LoggerFactory.getLogger(AuditProbe.class);

    private final AuditStore store;
    private final AuditHealth health;
    private final ScheduledExecutorService timer = BackgroundTimer.named("james-msa-audit-probe");

    @Inject
    public AuditProbe(AuditStore store, AuditHealth health) {
        this.store = store;
        this.health = health;
        timer.scheduleWithFixedDelay(this::probeWhileFailing, EVERY.toMillis(), EVERY.toMillis(), TimeUnit.MILLISECONDS);
    }

    void probeWhileFailing() {
        if (health.writable()) {
            return;
        }
        try {
            store.probe();
            health.written();
        } catch (IOException | RuntimeException stillFailing) {
            LOGGER.debug("Audit store {} still cannot write: {}", store.location(), stillFailing.toString());
        }
    }

    @PreDestroy
    public void stop() {
        timer.shutdownNow();
    }
}
