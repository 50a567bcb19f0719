package org.jamesmsa.extension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.james.mailrepository.api.MailKey;
import org.apache.james.mailrepository.api.MailRepository;
import org.apache.james.mailrepository.api.MailRepositoryStore;
import org.apache.james.mailrepository.api.MailRepositoryUrl;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.utils.UserDefinedStartable;
import org.apache.mailet.Mail;
import org.jamesmsa.contracts.AuditHealth;
import org.jamesmsa.contracts.BackgroundTimer;
import org.jamesmsa.contracts.MsaMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the messages held because their audit record could not be written (the audit-error repository) through
 * again, without an operator: while records cannot be written it retries one of them every interval (the retry is
 * the test: a real record on the real store), and once a record is written again, all of them. Each goes back to
 * the spool queue before it leaves the repository, so a crash in between sends a message twice, never loses it.
 * James starts it after the spooler: {@code guice.extension.startable=org.jamesmsa.extension.HeldMailRecovery} in
 * extensions.properties.
 */
public class HeldMailRecovery implements UserDefinedStartable {
    private static final Logger LOGGER = LoggerFactory.getLogger(HeldMailRecovery.class);
    private static final String RETRY = "-audit-retry-";

    private final MailRepositoryStore repositories;
    private final MailQueueFactory<?> queues;
    private final AuditHealth health;
    private final MsaMetrics metrics;
    private final MailRepositoryUrl held;
    private final long intervalMillis;
    private final ScheduledExecutorService timer = BackgroundTimer.named("james-msa-held-mail-recovery");
    private MailRepository repository;

    @Inject
    public HeldMailRecovery(MailRepositoryStore repositories, MailQueueFactory<?> queues, AuditHealth health, MsaMetrics metrics,
                            ServiceSettings settings) {
        this.repositories = repositories;
        this.queues = queues;
        this.health = health;
        this.metrics = metrics;
        this.held = settings.heldRepository();
        this.intervalMillis = settings.heldRetryInterval().toMillis();
    }

    @Override
    public void start() {
        try {
            repository = repositories.select(held);
        } catch (MailRepositoryStore.MailRepositoryStoreException e) {
            throw new IllegalStateException("james-msa.properties: audit.heldRepository " + held.asString()
                + " cannot be opened: " + e.getMessage(), e);
        }
        metrics.heldMessages(this::heldCount);
        timer.scheduleWithFixedDelay(this::retry, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
        long waiting = heldCount();
        if (waiting > 0) {
            LOGGER.warn("{} messages are held in {} because their audit record could not be written; retrying every {} s",
                waiting, held.asString(), intervalMillis / 1000);
        }
    }

    private long heldCount() {
        try {
            return repository.size();
        } catch (MessagingException e) {
            return -1;
        }
    }

    /** One pass: every held message when records are written, one as the test when they are not. */
    void retry() {
        try {
            List<MailKey> keys = new ArrayList<>();
            for (Iterator<MailKey> all = repository.list(); all.hasNext() && (health.writable() || keys.isEmpty()); ) {
                keys.add(all.next());
            }
            if (keys.isEmpty()) {
                return;
            }
            MailQueue spool = queues.getQueue(MailQueueFactory.SPOOL).orElseThrow(() ->
                new IllegalStateException("James has no spool queue"));
            for (MailKey key : keys) {
                reprocess(spool, key);
            }
            LOGGER.info("Sent {} held message(s) through again from {} ({})", keys.size(), held.asString(),
                health.writable() ? "audit records are written" : "testing whether audit records can be written");
        } catch (Exception e) {
            LOGGER.error("Cannot send held messages through again from {}", held.asString(), e);
        }
    }

    private void reprocess(MailQueue spool, MailKey key) throws Exception {
        Mail mail = repository.retrieve(key);
        if (mail == null) {
            return;
        }
        try {
            mail.setState(Mail.DEFAULT);
            mail.setErrorMessage(null);
            mail.setName(renamed(mail.getName(), RETRY));
            spool.enQueue(mail);
            repository.remove(key);
            metrics.auditReprocessed();
        } finally {
            LifecycleUtil.dispose(mail);
        }
    }

    /**
     * A new name for each try: held again, a message is stored under its name, and under the old one it could be
     * stored again before the old copy is removed, and be removed with it.
     */
    static String renamed(String name, String marker) {
        int retry = name.indexOf(marker);
        return (retry < 0 ? name : name.substring(0, retry)) + marker + UUID.randomUUID();
    }

    @PreDestroy
    public void stop() {
        timer.shutdownNow();
    }
}
