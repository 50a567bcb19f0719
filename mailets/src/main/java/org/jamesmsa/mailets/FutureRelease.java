package org.jamesmsa.mailets;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.jamesmsa.contracts.SessionFact;
import org.jamesmsa.settings.Settings;
import org.jamesmsa.settings.ValueType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds a message whose sender asked it leave later (FUTURERELEASE, RFC 4865: {@link SessionFact#RELEASE_AT}, set
 * at SMTP time) until its time: it goes back into the spool queue, delayed, to resume at {@code processor}. The queue
 * is the durable one every accepted message is in, so a hold outlives restarts and, with a shared broker, the node
 * that accepted it. Placed after the audit record, so that the message is on record from its acceptance.
 *
 * <pre>{@code
 * <mailet match="All" class="org.jamesmsa.mailets.FutureRelease">
 *     <!-- Where the message goes on at its time. Default: transport. -->
 *     <processor>transport</processor>
 * </mailet>
 * }</pre>
 */
public class FutureRelease extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(FutureRelease.class);

    private final MailQueueFactory<?> queues;
    private final Clock clock;
    private MailQueue spool;
    private String processor;

    @Inject
    public FutureRelease(MailQueueFactory<?> queues) {
        this(queues, Clock.systemUTC());
    }

    FutureRelease(MailQueueFactory<?> queues, Clock clock) {
        this.queues = queues;
        this.clock = clock;
    }

    @Override
    public void init() throws MessagingException {
        Settings settings = Settings.ofMailet(getMailetConfig(), List.of("processor"));
        processor = settings.get("processor", ValueType.TEXT, "transport");
        // The queue the spooler reads; made here when the mailets start before it, as James's own users of it do.
        spool = queues.createQueue(MailQueueFactory.SPOOL);
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        Optional<Instant> releaseAt = releaseAt(mail);
        if (releaseAt.isEmpty()) {
            return;
        }
        // Once held, never again: the copy in the queue no longer carries the time.
        SessionFact.RELEASE_AT.removeFrom(mail);
        Duration wait = Duration.between(clock.instant(), releaseAt.get());
        if (wait.isNegative() || wait.isZero()) {
            return;
        }
        String state = mail.getState();
        mail.setState(processor);
        try {
            spool.enQueue(mail, wait);
        } catch (RuntimeException | MessagingException e) {
            mail.setState(state);
            throw new MessagingException("cannot hold " + mail.getName() + " until " + releaseAt.get() + " in the spool queue", e);
        }
        LOGGER.info("Message {} held until {} (FUTURERELEASE)", mail.getName(), releaseAt.get());
        mail.setState(Mail.GHOST);
    }

    private static Optional<Instant> releaseAt(Mail mail) {
        try {
            return SessionFact.RELEASE_AT.valueIn(mail, String.class).map(Instant::parse);
        } catch (DateTimeParseException e) {
            LOGGER.warn("Message {} has a release time that is not one ({}): sent on now", mail.getName(), e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public String getMailetInfo() {
        return "Holds messages until the time their sender asked (FUTURERELEASE)";
    }
}
