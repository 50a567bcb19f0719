package org.jamesmsa.extension;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;

import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.mailrepository.memory.MemoryMailRepository;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.RawMailQueueItemDecoratorFactory;
import org.apache.james.queue.memory.MemoryMailQueueFactory;
import org.apache.mailet.base.test.FakeMail;
import org.jamesmsa.contracts.AuditHealth;
import org.jamesmsa.contracts.TestMetrics;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Over James's in-memory mail repository and spool queue. */
class HeldMailRecoveryTest {
    private static final MailRepositoryUrl HELD = MailRepositoryUrl.from("memory://var/mail/audit-error/");

    @TempDir
    Path working;

    private final OneRepositoryStore repositories = new OneRepositoryStore();
    private final MemoryMailRepository held = repositories.repository;
    private final MemoryMailQueueFactory queues = new MemoryMailQueueFactory(new RawMailQueueItemDecoratorFactory());
    private final AuditHealth health = new AuditHealth();
    private final TestMetrics metrics = new TestMetrics();
    private HeldMailRecovery recovery;

    @BeforeEach
    void start() throws Exception {
        queues.createQueue(MailQueueFactory.SPOOL);
        ServiceSettings settings = new TestServiceSettings(working, "audit.heldRepository=" + HELD.asString()
            + "\naudit.heldRetryInterval=3600\n").read();
        recovery = new HeldMailRecovery(repositories, queues, health, metrics.metrics, settings);
        recovery.start();
        assertThat(repositories.selected).isEqualTo(HELD);
        for (int i = 0; i < 3; i++) {
            held.store(FakeMail.builder().name("held-" + i).state("audit-error").errorMessage("audit record not written")
                .mimeMessage(org.apache.james.core.builder.MimeMessageBuilder.mimeMessageBuilder().setText("hi")).build());
        }
    }

    private long spooled() {
        return queues.getQueue(MailQueueFactory.SPOOL).orElseThrow().getSize();
    }

    @Test
    void whileRecordsCannotBeWrittenOneHeldMessageIsTheTestThenAllGoOnceTheyCan() throws Exception {
        health.failed("No space left on device");

        recovery.retry();
        assertThat(spooled()).isEqualTo(1);
        assertThat(held.size()).isEqualTo(2);
        org.apache.mailet.Mail tried = queues.getQueue(MailQueueFactory.SPOOL).orElseThrow().browse().next().getMail();
        assertThat(tried.getName()).as("held again, it is stored under a new key, which removing the old one cannot touch")
            .startsWith("held-").contains("-audit-retry-");
        assertThat(HeldMailRecovery.renamed(tried.getName(), "-audit-retry-")).as("one suffix, however many tries")
            .startsWith(tried.getName().substring(0, tried.getName().indexOf("-audit-retry-") + "-audit-retry-".length()))
            .hasSize(tried.getName().length());

        health.written();
        recovery.retry();

        assertThat(spooled()).isEqualTo(3);
        assertThat(held.size()).isZero();
        assertThat(metrics.count("msa_audit_reprocessed")).isEqualTo(3);
        assertThat(queues.getQueue(MailQueueFactory.SPOOL).orElseThrow().browse().next().getMail().getState())
            .as("from the root processor, where the record is written").isEqualTo("root");
    }

    @Test
    void whileTheTestMessageIsOnItsWayTheRefusalStays() throws Exception {
        health.failed("No space left on device");
        held.removeAll();
        held.store(FakeMail.builder().name("only").mimeMessage(org.apache.james.core.builder.MimeMessageBuilder.mimeMessageBuilder()
            .setText("hi")).build());

        recovery.retry();
        recovery.retry();

        assertThat(health.writable()).as("the repository is empty because the test message is in the spool").isFalse();
    }

    /** Only evidence turns the refusal off: a record written, or the store's probe (AuditProbe), never an empty repository. */
    @Test
    void withNothingHeldTheRefusalStaysUntilTheStoreIsShownToWrite() throws Exception {
        held.removeAll();
        health.failed("No space left on device");

        recovery.retry();

        assertThat(health.writable()).isFalse();
    }
}
