package org.jamesmsa.extension;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.james.mailrepository.api.MailKey;
import org.apache.james.mailrepository.api.MailRepository;
import org.apache.james.mailrepository.api.MailRepositoryStore;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.queue.api.ManageableMailQueue;
import org.apache.mailet.Mail;
import org.jamesmsa.audit.AuditField;
import org.jamesmsa.audit.AuditRecord;
import org.jamesmsa.audit.AuditStore;
import org.jamesmsa.mailets.SuspendedSender;
import org.jamesmsa.contracts.NodeId;
import org.jamesmsa.contracts.Suspensions;
import org.jamesmsa.contracts.Suspensions.Suspension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Suspending and resuming an account with everything that goes with it: the {@link Suspensions} store that AUTH and
 * MAIL ask, the account's mail already waiting in the outgoing queue (for a retry, say) moved into the repository
 * where the {@code SuspendedSender} matcher holds the rest, and an {@code account} audit record of who did it. On
 * resume the held messages go on from where they were held, or are discarded when the operator says so.
 * Every message is stored in its new place before it leaves the old one: a crash in between sends it twice at worst.
 */
public class AccountSuspension {
    /** The queue RemoteDelivery retries from ({@code <outgoing>} in mailetcontainer.xml, James's default name). */
    static final MailQueueName OUTGOING = MailQueueName.of("outgoing");
    /** The queue of the deliveries that enforce REQUIRETLS. */
    static final MailQueueName OUTGOING_REQUIRETLS = MailQueueName.of("outgoing-requiretls");
    /**
     * The state of a held message taken from an outgoing queue, followed by the queue's name: it goes back there, past
     * DKIM signing, on resume.
     */
    static final String FROM_OUTGOING = "msa-held-from:";
    private static final Logger LOGGER = LoggerFactory.getLogger(AccountSuspension.class);

    /** What happens to an account's held messages when it is resumed. */
    public enum HeldMail { DELIVER, DISCARD }

    private final Suspensions suspensions;
    private final MailRepositoryStore repositories;
    private final MailQueueFactory<?> queues;
    private final AuditStore audit;
    private final MailRepositoryUrl held;
    private final Clock clock;

    @Inject
    public AccountSuspension(Suspensions suspensions, MailRepositoryStore repositories, MailQueueFactory<?> queues,
                             AuditStore audit, ServiceSettings settings) {
        this(suspensions, repositories, queues, audit, settings.suspendedRepository(), Clock.systemUTC());
    }

    AccountSuspension(Suspensions suspensions, MailRepositoryStore repositories, MailQueueFactory<?> queues,
                      AuditStore audit, MailRepositoryUrl held, Clock clock) {
        this.suspensions = suspensions;
        this.repositories = repositories;
        this.queues = queues;
        this.audit = audit;
        this.held = held;
        this.clock = clock;
    }

    public Optional<Suspension> of(Username user) {
        return suspensions.of(user);
    }

    public java.util.Map<Username, Suspension> all() {
        return suspensions.all();
    }

    /**
     * Stops the account on every node, then holds what it has in the outgoing queue.
     *
     * @return the messages taken out of the outgoing queue
     */
    public int suspend(Username user, String by, String reason) throws Exception {
        Suspension suspension = new Suspension(user, clock.instant(), by, reason);
        suspensions.suspend(suspension);
        int moved = holdQueued(user);
        LOGGER.warn("{}; {} queued message(s) held in {}", suspension, moved, held.asString());
        record(AuditRecord.account(clock.instant()).with(AuditField.ACTION, "suspend").with(AuditField.AUTH_USER, user.asString())
            .with(AuditField.BY, suspension.by()).with(AuditField.REASON, suspension.reason()).with(AuditField.HELD, moved));
        return moved;
    }

    /**
     * Lets the account send again and its held messages go on, or discards them.
     *
     * @return the held messages sent on or discarded, empty when the account was not suspended
     */
    public Optional<Integer> resume(Username user, String by, HeldMail heldMail) throws Exception {
        if (!suspensions.resume(user)) {
            return Optional.empty();
        }
        int released = release(user, heldMail);
        LOGGER.warn("{} resumed by {}; {} held message(s) {}", user.asString(), by, released,
            heldMail == HeldMail.DELIVER ? "sent on" : "discarded");
        record(AuditRecord.account(clock.instant()).with(AuditField.ACTION, heldMail == HeldMail.DELIVER ? "resume" : "resume-discard")
            .with(AuditField.AUTH_USER, user.asString()).with(AuditField.BY, by).with(AuditField.HELD, released));
        return Optional.of(released);
    }

    /** The account's messages held now. */
    public int heldCount(Username user) throws Exception {
        MailRepository repository = repositories.select(held);
        int count = 0;
        for (MailKey key : keys(repository)) {
            Mail mail = repository.retrieve(key);
            if (mail != null) {
                count += sentBy(mail, user) ? 1 : 0;
                LifecycleUtil.dispose(mail);
            }
        }
        return count;
    }

    private int holdQueued(Username user) throws Exception {
        int moved = 0;
        for (MailQueueName name : List.of(OUTGOING, OUTGOING_REQUIRETLS)) {
            Optional<? extends MailQueue> queue = queues.getQueue(name);
            if (queue.isPresent() && queue.get() instanceof ManageableMailQueue) {
                moved += holdQueued(user, name, (ManageableMailQueue) queue.get());
            }
        }
        return moved;
    }

    private int holdQueued(Username user, MailQueueName queueName, ManageableMailQueue outgoing) throws Exception {
        MailRepository repository = repositories.select(held);
        List<String> names = new ArrayList<>();
        ManageableMailQueue.MailQueueIterator items = outgoing.browse();
        try {
            while (items.hasNext()) {
                Mail mail = items.next().getMail();
                if (sentBy(mail, user)) {
                    mail.setState(FROM_OUTGOING + queueName.asString());
                    repository.store(mail);
                    names.add(mail.getName());
                }
                LifecycleUtil.dispose(mail);
            }
        } finally {
            items.close();
        }
        for (String name : names) {
            outgoing.remove(ManageableMailQueue.Type.Name, name);
        }
        return names.size();
    }

    private int release(Username user, HeldMail heldMail) throws Exception {
        MailRepository repository = repositories.select(held);
        int released = 0;
        for (MailKey key : keys(repository)) {
            Mail mail = repository.retrieve(key);
            if (mail == null) {
                continue;
            }
            try {
                if (!sentBy(mail, user)) {
                    continue;
                }
                if (heldMail == HeldMail.DELIVER) {
                    send(mail);
                }
                repository.remove(key);
                released++;
            } finally {
                LifecycleUtil.dispose(mail);
            }
        }
        return released;
    }

    /** Back where it was held: its outgoing queue, or the spool in the processor that held it. */
    private void send(Mail mail) throws Exception {
        String state = String.valueOf(mail.getState());
        boolean fromOutgoing = state.startsWith(FROM_OUTGOING);
        MailQueueName name = fromOutgoing ? MailQueueName.of(state.substring(FROM_OUTGOING.length())) : MailQueueFactory.SPOOL;
        MailQueue queue = queues.getQueue(name).orElseThrow(() -> new IllegalStateException("James has no " + name.asString() + " queue"));
        // Held again later, the message must not share the name of this copy, which is removed after the enqueue.
        mail.setName(HeldMailRecovery.renamed(mail.getName(), "-resumed-"));
        if (fromOutgoing) {
            mail.setState(Mail.DEFAULT);
        }
        queue.enQueue(mail);
    }

    private static List<MailKey> keys(MailRepository repository) throws Exception {
        List<MailKey> keys = new ArrayList<>();
        for (Iterator<MailKey> all = repository.list(); all.hasNext(); ) {
            keys.add(all.next());
        }
        return keys;
    }

    private static boolean sentBy(Mail mail, Username user) {
        return SuspendedSender.submitter(mail).map(user::equals).orElse(false);
    }

    /** The operator's action stands even when its record cannot be written; the log says so. */
    private void record(AuditRecord.Builder record) {
        try {
            audit.append(record.with(AuditField.NODE, NodeId.current()).build()).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOGGER.error("Cannot write the audit record of an account change in {}: {}", audit.location(), e.toString());
        }
    }
}
