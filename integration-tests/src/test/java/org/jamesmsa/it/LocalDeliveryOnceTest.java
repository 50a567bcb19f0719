package org.jamesmsa.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jamesmsa.it.MsaTestServer.ALICE;
import static org.jamesmsa.it.MsaTestServer.BOB;

import java.util.List;
import java.util.UUID;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.server.core.MailImpl;
import org.apache.james.utils.GuiceProbe;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.jamesmsa.contracts.SessionFact;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

/**
 * What the queue does after a crash between storing a message in a mailbox and acknowledging it: it hands the same
 * queued message (same name, same content) out again. Played here on the real server by putting the very message
 * into the spool queue a second time once it was delivered: the mailbox holds it once.
 */
class LocalDeliveryOnceTest {

    /** The server's spool queue, as James's own components reach it. */
    public static final class SpoolProbe implements GuiceProbe {
        private final MailQueueFactory<?> queues;

        @Inject
        public SpoolProbe(MailQueueFactory<?> queues) {
            this.queues = queues;
        }

        void enqueue(MailImpl mail) throws Exception {
            MailQueue spool = queues.getQueue(MailQueueFactory.SPOOL).orElseThrow();
            spool.enQueue(mail);
        }
    }

    private static final ListAppender<ILoggingEvent> LOG = new ListAppender<>();
    private static final Logger ONCE = (Logger) LoggerFactory.getLogger("org.jamesmsa.mailets.LocalDeliveryOnce");

    @RegisterExtension
    static final MsaTestServer MSA = new MsaTestServer(new AbstractModule() {
        @Override
        protected void configure() {
            Multibinder.newSetBinder(binder(), GuiceProbe.class).addBinding().to(SpoolProbe.class);
        }
    });

    @BeforeAll
    static void capture() {
        LOG.start();
        ONCE.addAppender(LOG);
    }

    @AfterAll
    static void release() {
        ONCE.detachAppender(LOG);
    }

    private static MailImpl queued(String name, String subject, String trace) throws Exception {
        MailImpl mail = MailImpl.builder().name(name).sender(new MailAddress(BOB)).addRecipient(new MailAddress(ALICE))
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().addHeader(SessionFact.TRACE_HEADER, trace)
                .addFrom(BOB).addToRecipient(ALICE).setSubject(subject).setText("once"))
            .build();
        mail.setAttribute(new Attribute(SessionFact.TRACE_ID.attribute(), AttributeValue.of(trace)));
        return mail;
    }

    private static long copies(String subject) throws Exception {
        return MSA.imap(ALICE).messages().stream().filter(message -> MsaTestServer.textOf(message).contains(subject)).count();
    }

    @Test
    void aMessageTheQueueHandsOutAgainAfterItsDeliveryIsStoredOnce() throws Exception {
        String name = "Mail-crash-" + UUID.randomUUID();
        String subject = "delivered once " + UUID.randomUUID();
        String trace = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 15);
        SpoolProbe spool = MSA.probe(SpoolProbe.class);

        spool.enqueue(queued(name, subject, trace));
        MSA.awaitDelivered(ALICE, subject);
        spool.enqueue(queued(name, subject, trace));
        MsaTestServer.awaitUntil("the second hand-out was recognised", () -> {
            synchronized (LOG) {
                return LOG.list.stream().anyMatch(event -> event.getFormattedMessage().startsWith(name + " was stored for " + ALICE));
            }
        });

        assertThat(copies(subject)).isEqualTo(1);
    }

    @Test
    void anotherQueuedMessageWithTheSameContentIsStoredAgain() throws Exception {
        String subject = "sent twice " + UUID.randomUUID();
        String trace = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 15);
        SpoolProbe spool = MSA.probe(SpoolProbe.class);

        for (String name : List.of("Mail-a-" + UUID.randomUUID(), "Mail-b-" + UUID.randomUUID())) {
            spool.enqueue(queued(name, subject, trace));
        }

        MsaTestServer.awaitUntil("both are stored", () -> {
            try {
                return copies(subject) == 2;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
