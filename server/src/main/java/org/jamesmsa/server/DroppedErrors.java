package org.jamesmsa.server;

import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.publisher.Hooks;

/**
 * Where Reactor reports an error that nobody subscribed to receive. At a clean stop James disposes its mail queue
 * consumers by interrupting the thread that waits in ActiveMQ's {@code receive()}; the {@code InterruptedException}
 * then reaches Reactor's default hook, which logs it as an {@code ERROR} with a stack trace. That is the stop working
 * as meant: it is logged at DEBUG. Any other dropped error is still an {@code ERROR}.
 */
final class DroppedErrors {
    private static final Logger LOGGER = LoggerFactory.getLogger(DroppedErrors.class);
    private static final AtomicBoolean INSTALLED = new AtomicBoolean();

    private DroppedErrors() {
    }

    static void install() {
        if (INSTALLED.compareAndSet(false, true)) {
            Hooks.onErrorDropped(DroppedErrors::report);
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
