package org.jamesmsa.server;

import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;
import reactor.core.publisher.Hooks;

/**
 * Errors James reports at a clean stop, which are the stop working as meant.
 *
 * <p>Where Reactor reports an error that nobody subscribed to receive. At a clean stop James disposes its mail queue
 * consumers by interrupting the thread that waits in ActiveMQ's {@code receive()}; the {@code InterruptedException}
 * then reaches Reactor's default hook, which logs it as an {@code ERROR} with a stack trace. That is the stop working
 * as meant: it is logged at DEBUG. Any other dropped error is still an {@code ERROR}.</p>
 *
 * <p>And James's JMS queue, whose consumer's session is closed under it by the stop, logs
 * {@code Error while rolling session back} with an {@code IllegalStateException: The Session is closed}: the message
 * was not acknowledged, so the broker hands it out again, and there was nothing to roll back. That one line is
 * dropped ({@link ClosedSessionRollback}); any other error of the queue is kept.</p>
 */
final class DroppedErrors {
    private static final Logger LOGGER = LoggerFactory.getLogger(DroppedErrors.class);
    private static final AtomicBoolean INSTALLED = new AtomicBoolean();

    private DroppedErrors() {
    }

    static void install() {
        if (INSTALLED.compareAndSet(false, true)) {
            Hooks.onErrorDropped(DroppedErrors::report);
            if (LoggerFactory.getILoggerFactory() instanceof LoggerContext) {
                ((LoggerContext) LoggerFactory.getILoggerFactory()).addTurboFilter(new ClosedSessionRollback());
            }
        }
    }

    /** Denies the one line James's JMS queue logs when the stop closed its session before it could roll back. */
    static final class ClosedSessionRollback extends TurboFilter {
        private static final String QUEUE_LOGGER = "org.apache.james.queue.jms.JMSCacheableMailQueue";

        @Override
        public FilterReply decide(Marker marker, ch.qos.logback.classic.Logger logger, Level level, String format,
                                  Object[] params, Throwable error) {
            boolean closedSession = error instanceof javax.jms.IllegalStateException
                && "The Session is closed".equals(error.getMessage());
            return closedSession && QUEUE_LOGGER.equals(logger.getName()) && "Error while rolling session back".equals(format)
                ? FilterReply.DENY : FilterReply.NEUTRAL;
        }
    }

    static void report(Throwable error) {
        if (interrupted(error)) {
            LOGGER.debug("A consumer waiting for the next message was interrupted by the stop: {}", error.toString());
        } else {
            LOGGER.error("An error reached no subscriber", error);
        }
    }

    private static boolean interrupted(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof InterruptedException) {
                return true;
            }
        }
        return false;
    }
}
