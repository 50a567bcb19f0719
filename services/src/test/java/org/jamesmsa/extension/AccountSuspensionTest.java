package org.jamesmsa.extension;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

import org.apache.james.core.Username;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.james.mailrepository.api.MailKey;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.ManageableMailQueue;
import org.apache.james.queue.api.RawMailQueueItemDecoratorFactory;
import org.apache.james.queue.memory.MemoryMailQueueFactory;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.jamesmsa.audit.AuditField;
import org.jamesmsa.audit.AuditLog;
import org.jamesmsa.audit.AuditMarkers;
import org.jamesmsa.audit.AuditQuery;
import org.jamesmsa.contracts.MemorySuspensions;
import org.jamesmsa.contracts.TestAccounts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/** Over James's in-memory outgoing and spool queues and mail repository, with a real audit folder. */
class AccountSuspensionTest {
    private static final MailRepositoryUrl HELD = MailRepositoryUrl.from("memory://var/mail/suspended/");

    @TempDir
    Path folder;

    private final OneRepositoryStore repositories = new OneRepositoryStore();
    private final MemoryMailQueueFactory queues = new MemoryMailQueueFactory(new RawMailQueueItemDecoratorFactory());
    private final MemorySuspensions suspensions = new MemorySuspensions();
    private AuditLog audit;
    private AccountSuspension accounts;

    @BeforeEach
    void start() throws Exception {
        queues.createQueue(MailQueueFactory.SPOOL);
        queues.createQueue(AccountSuspension.OUTGOING);
        queues.createQueue(AccountSuspension.OUTGOING_REQUIRETLS);
        audit = AuditLog.open(folder.resolve("audit"), 30, Clock.systemUTC());
        accounts = new AccountSuspension(suspensions, repositories, queues, audit, HELD, Clock.systemUTC());
        outgoing().enQueue(mail("alice-retry-1", TestAccounts.ALICE, "root"));
        outgoing().enQueue(mail("alice-retry-2", TestAccounts.ALICE, "root"));
        outgoing().enQueue(mail("bob-retry", TestAccounts.BOB, "root"));
        requireTls().enQueue(mail("alice-requiretls", TestAccounts.ALICE, "root"));
        // What the SuspendedSender matcher holds in transport: the state is the processor it goes back to.
        repositories.repository.store(mail("alice-held", TestAccounts.ALICE, "transport"));
    }

    @AfterEach
    void stop() {
        audit.close();
    }

    private ManageableMailQueue outgoing() {
        return (ManageableMailQueue) queues.getQueue(AccountSuspension.OUTGOING).orElseThrow();
    }

    private ManageableMailQueue requireTls() {
        return (ManageableMailQueue) queues.getQueue(AccountSuspension.OUTGOING_REQUIRETLS).orElseThrow();
    }

    private static Mail mail(String name, Username user, String state) throws Exception {
        return FakeMail.builder().name(name).state(state).sender(user.asString()).recipients("friend@elsewhere.example")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setSubject(name).setText("hi"))
            .attribute(new Attribute(Mail.SMTP_AUTH_USER, AttributeValue.of(user.asString()))).build();
    }

    private static List<String> names(ManageableMailQueue queue) throws Exception {
        List<String> names = new ArrayList<>();
        ManageableMailQueue.MailQueueIterator items = queue.browse();
        items.forEachRemaining(item -> names.add(item.getMail().getName().replaceAll("-resumed-.*", "") + "/" + item.getMail().getState()));
        items.close();
        return names;
    }

    private List<JsonNode> accountRecords() throws Exception {
        audit.close();
        List<JsonNode> records = AuditQuery.find(folder.resolve("audit"), AuditQuery.Filter.any().ofType(AuditMarkers.ACCOUNT));
        audit = AuditLog.open(folder.resolve("audit"), 30, Clock.systemUTC());
        return records;
    }

    @Test
    void suspendingTakesTheAccountsMailOutOfTheQueueAndResumingSendsEveryHeldMessageBackWhereItWasHeld() throws Exception {
        assertThat(accounts.suspend(TestAccounts.ALICE, "jdoe", "stolen password")).isEqualTo(3);

        assertThat(suspensions.of(TestAccounts.ALICE)).get().satisfies(s -> assertThat(s.by() + ": " + s.reason()).isEqualTo("jdoe: stolen password"));
        assertThat(names(outgoing())).containsExactly("bob-retry/root");
        assertThat(names(requireTls())).isEmpty();
        assertThat(accounts.heldCount(TestAccounts.ALICE)).isEqualTo(4);
        assertThat(accounts.heldCount(TestAccounts.BOB)).isZero();

        assertThat(accounts.resume(TestAccounts.ALICE, "jdoe", AccountSuspension.HeldMail.DELIVER)).contains(4);

        assertThat(suspensions.of(TestAccounts.ALICE)).isEmpty();
        assertThat(names(requireTls())).as("back to the queue that enforces REQUIRETLS").containsExactly("alice-requiretls/root");
        assertThat(names(outgoing())).as("back in the outgoing queue, past DKIM signing")
            .containsExactlyInAnyOrder("bob-retry/root", "alice-retry-1/root", "alice-retry-2/root");
        assertThat(names((ManageableMailQueue) queues.getQueue(MailQueueFactory.SPOOL).orElseThrow()))
            .as("back into the processor that held it").containsExactly("alice-held/transport");
        assertThat(repositories.repository.size()).isZero();
        assertThat(accounts.resume(TestAccounts.ALICE, "jdoe", AccountSuspension.HeldMail.DELIVER)).as("not suspended any more").isEmpty();

        List<JsonNode> records = accountRecords();
        assertThat(records).extracting(r -> AuditQuery.text(r, AuditField.ACTION) + " " + AuditQuery.text(r, AuditField.AUTH_USER)
                + " by " + AuditQuery.text(r, AuditField.BY) + " held " + AuditQuery.text(r, AuditField.HELD))
            .containsExactly("suspend alice@msa.test by jdoe held 3", "resume alice@msa.test by jdoe held 4");
        assertThat(AuditQuery.text(records.get(0), AuditField.REASON)).isEqualTo("stolen password");
        assertThat(records.get(0).has(AuditField.MAIL_FROM.json())).as("only the fields an account record sets").isFalse();
        assertThat(AuditQuery.verify(folder.resolve("audit")).intact()).as("one chain with the message records").isTrue();
    }

    @Test
    void resumingWithDiscardDropsTheHeldMessagesAndSendsNothing() throws Exception {
        accounts.suspend(TestAccounts.ALICE, "jdoe", "spam run");

        assertThat(accounts.resume(TestAccounts.ALICE, "jdoe", AccountSuspension.HeldMail.DISCARD)).contains(4);

        assertThat(names(outgoing())).containsExactly("bob-retry/root");
        assertThat(queues.getQueue(MailQueueFactory.SPOOL).orElseThrow().getSize()).isZero();
        assertThat(repositories.repository.size()).isZero();
        assertThat(accountRecords()).extracting(r -> AuditQuery.text(r, AuditField.ACTION)).containsExactly("suspend", "resume-discard");
    }

    @Test
    void anotherAccountsHeldMessagesStayWhenOneIsResumed() throws Exception {
        accounts.suspend(TestAccounts.ALICE, "jdoe", "one");
        accounts.suspend(TestAccounts.BOB, "jdoe", "two");

        accounts.resume(TestAccounts.ALICE, "jdoe", AccountSuspension.HeldMail.DELIVER);

        assertThat(accounts.heldCount(TestAccounts.BOB)).isEqualTo(1);
        Iterator<MailKey> left = repositories.repository.list();
        assertThat(left.next().asString()).isEqualTo("bob-retry");
        assertThat(left.hasNext()).isFalse();
        assertThat(suspensions.all().keySet()).containsExactly(TestAccounts.BOB);
        assertThat(Optional.of(names(outgoing()))).get().asList().hasSize(2);
    }
}
