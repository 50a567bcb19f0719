package org.jamesmsa.contracts;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import javax.inject.Singleton;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether audit records can be written now. The audit recorder reports every outcome; while the last write failed,
 * the listeners refuse new messages ({@code 451 4.3.0}) rather than accept mail that cannot be accounted for, and
 * the messages already held are retried until a write succeeds again. One instance for the whole server.
 */
@Singleton
public final class AuditHealth {
    private static final Logger LOGGER = LoggerFactory.getLogger(AuditHealth.class);

    private final AtomicReference<Optional<String>> failure = new AtomicReference<>(Optional.empty());

    public void written() {
        Optional<String> before = failure.getAndSet(Optional.empty());
        before.ifPresent(reason -> LOGGER.warn("AUDIT RECORDS ARE WRITTEN AGAIN: new messages are accepted (was: {})", reason));
    }

    public void failed(String reason) {
        Optional<String> before = failure.getAndSet(Optional.of(reason));
        if (before.isEmpty()) {
            LOGGER.error("AUDIT STORE CANNOT WRITE ({}): new messages are refused with 451 4.3.0 until a record is written again",
                reason);
        }
    }

    public boolean writable() {
        return failure.get().isEmpty();
    }

    /** Why the last write failed, while it is the last outcome. */
    public Optional<String> failure() {
        return failure.get();
    }
}
