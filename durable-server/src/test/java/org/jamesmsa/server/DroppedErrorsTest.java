package org.jamesmsa.server;

import static org.assertj.core.api.Assertions.assertThat;

import javax.jms.JMSException;

import org.apache.james.queue.api.MailQueue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import reactor.core.Exceptions;

class DroppedErrorsTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger(DroppedErrors.class);
    private final ListAppender<ILoggingEvent> events = new ListAppender<>();

    @BeforeEach
    void capture() {
        logger.setLevel(Level.DEBUG);
        events.start();
        logger.addAppender(events);
    }

    @AfterEach
    void release() {
        logger.detachAppender(events);
    }

    /** The chain James's dequeue produces at a stop: Reactor, James's queue, ActiveMQ, the interruption. */
    @Test
    void aConsumerInterruptedByTheStopIsNoError() {
        JMSException jms = new JMSException("java.lang.InterruptedException");
        jms.initCause(new InterruptedException());
        Throwable dropped = Exceptions.errorCallbackNotImplemented(
            new MailQueue.MailQueueException("Unable to dequeue next message", jms));

        DroppedErrors.report(dropped);

        assertThat(events.list).extracting(ILoggingEvent::getLevel).containsExactly(Level.DEBUG);
    }

    @Test
    void theQueuesRollbackOnASessionTheStopClosedIsDroppedAndItsOtherErrorsKept() {
        DroppedErrors.ClosedSessionRollback filter = new DroppedErrors.ClosedSessionRollback();
        Logger queue = (Logger) LoggerFactory.getLogger("org.apache.james.queue.jms.JMSCacheableMailQueue");

        assertThat(filter.decide(null, queue, Level.ERROR, "Error while rolling session back", null,
            new javax.jms.IllegalStateException("The Session is closed"))).isEqualTo(ch.qos.logback.core.spi.FilterReply.DENY);
        assertThat(filter.decide(null, queue, Level.ERROR, "Error while rolling session back", null,
            new JMSException("broker gone"))).isEqualTo(ch.qos.logback.core.spi.FilterReply.NEUTRAL);
        assertThat(filter.decide(null, logger, Level.ERROR, "Error while rolling session back", null,
            new javax.jms.IllegalStateException("The Session is closed"))).isEqualTo(ch.qos.logback.core.spi.FilterReply.NEUTRAL);
    }

    @Test
    void anyOtherDroppedErrorStaysAnError() {
        DroppedErrors.report(Exceptions.errorCallbackNotImplemented(new IllegalStateException("disk full")));

        assertThat(events.list).extracting(ILoggingEvent::getLevel).containsExactly(Level.ERROR);
        assertThat(events.list.get(0).getThrowableProxy().getCause().getMessage()).isEqualTo("disk full");
    }
}
