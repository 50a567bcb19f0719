package org.jamesmsa.mailets;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.ManageableMailQueue;
import org.apache.james.queue.api.RawMailQueueItemDecoratorFactory;
import org.apache.james.queue.memory.MemoryMailQueueFactory;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.jamesmsa.contracts.SessionFact;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Over James's in-memory spool queue, which honours delays as the ActiveMQ one does. */
class FutureReleaseTest {
    private static final Instant NOW = Instant.parse("2026-12-03T10:00:00Z");

    private final MemoryMailQueueFactory queues = new MemoryMailQueueFactory(new RawMailQueueItemDecoratorFactory());
    private FutureRelease mailet;

    @BeforeEach
    void init() throws Exception {
        mailet = new FutureRelease(queues, Clock.fixed(NOW, ZoneOffset.UTC));
        mailet.init(FakeMailetConfig.builder().mailetName("FutureRelease").build());
    }

    private ManageableMailQueue spool() {
        return (ManageableMailQueue) queues.getQueue(MailQueueFactory.SPOOL).orElseThrow();
    }

    private static FakeMail mail(String releaseAt) throws Exception {
        FakeMail.Builder builder = FakeMail.builder().name("held").state("root").sender("alice@msa.test").recipient("x@elsewhere.example")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setSubject("later").setText("hi"));
        if (releaseAt != null) {
            builder.attribute(new Attribute(SessionFact.RELEASE_AT.attribute(), AttributeValue.of(releaseAt)));
        }
        return builder.build();
    }

    @Test
    void aMessageToLeaveLaterWaitsInTheSpoolUntilItsTimeThenGoesOnToTransport() throws Exception {
        FakeMail mail = mail("2026-12-03T10:05:00Z");
        Instant before = Instant.now();

        mailet.service(mail);

        assertThat(mail.getState()).as("this copy stops here").isEqualTo(Mail.GHOST);
        ManageableMailQueue.MailQueueItemView queued = spool().browse().next();
        // The queue counts the delay from its own clock: five minutes from now.
        assertThat(queued.getNextDelivery()).get().satisfies(next -> assertThat(next.toInstant())
            .isBetween(before.plusSeconds(300), Instant.now().plusSeconds(300)));
        assertThat(queued.getMail().getState()).isEqualTo("transport");
        assertThat(queued.getMail().getAttribute(SessionFact.RELEASE_AT.attribute())).as("held once, never again").isEmpty();
    }

    @Test
    void aMessageWithoutATimeOrWhoseTimeHasComeGoesOnAtOnce() throws Exception {
        FakeMail now = mail(null);
        FakeMail past = mail("2026-12-03T09:59:59Z");
        FakeMail broken = mail("not a time");

        for (FakeMail mail : new FakeMail[] {now, past, broken}) {
            mailet.service(mail);
            assertThat(mail.getState()).isEqualTo("root");
        }
        assertThat(spool().getSize()).isZero();
    }
}
