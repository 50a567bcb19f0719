package org.jamesmsa.mailets;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

import org.apache.james.lifecycle.api.LifecycleUtil;
import org.apache.james.metrics.api.Metric;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.queue.api.MailPrioritySupport;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.transport.mailets.remote.delivery.Bouncer;
import org.apache.james.transport.mailets.remote.delivery.Delay;
import org.apache.james.transport.mailets.remote.delivery.DeliveryRetriesHelper;
import org.apache.james.transport.mailets.remote.delivery.DeliveryRunnable;
import org.apache.james.transport.mailets.remote.delivery.ExecutionResult;
import org.apache.james.transport.mailets.remote.delivery.MailDelivrer;
import org.apache.james.transport.mailets.remote.delivery.RemoteDeliveryConfiguration;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.DsnParameters;
import org.apache.mailet.Mail;
import org.apache.mailet.MailetContext;
import org.jamesmsa.contracts.MsaMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.util.concurrent.Queues;

/**
 * Takes messages from the outgoing queue and delivers them, as James's {@code DeliveryRunnable} does (same retries,
 * delays, bounces and queue acknowledgements), and says what became of each failed try: James logs those at DEBUG
 * only, so a message stuck behind a smarthost without STARTTLS sat in the queue with nothing in the log. Each
 * deferral and each bounce is one INFO or WARN line with the queue id, the recipient domains, the next hop, the
 * reason and the next try, and a {@code msa_delivery_deferred_<reason>} or {@code msa_delivery_bounced_<reason>}
 * count. James's runner cannot be given another {@link MailDelivrer} from outside its package, hence this one.
 */
final class OutboundAttempts implements Disposable {
    private static final Logger LOGGER = LoggerFactory.getLogger(OutboundAttempts.class);
    /** The processor of "relayed" reports (mailetcontainer.xml). */
    static final String RELAYED_PROCESSOR = "relayed";

    private final MailQueue queue;
    private final RemoteDeliveryConfiguration configuration;
    private final MailDelivrer delivrer;
    private final Bouncer bouncer;
    private final MailetContext context;
    private final MsaMetrics metrics;
    private final Metric delivered;
    private final Clock clock;
    private Disposable running;
    private Scheduler processing;
    private Scheduler dequeuing;

    OutboundAttempts(MailQueue queue, RemoteDeliveryConfiguration configuration, MailDelivrer delivrer, Bouncer bouncer,
                     MailetContext context, MetricFactory metricFactory, MsaMetrics metrics, Clock clock) {
        this.queue = queue;
        this.configuration = configuration;
        this.delivrer = delivrer;
        this.bouncer = bouncer;
        this.context = context;
        this.metrics = metrics;
        this.delivered = metricFactory.generate(DeliveryRunnable.OUTGOING_MAILS);
        this.clock = clock;
    }

    void start() {
        processing = Schedulers.newBoundedElastic(Schedulers.DEFAULT_BOUNDED_ELASTIC_SIZE,
            Schedulers.DEFAULT_BOUNDED_ELASTIC_QUEUESIZE, "OutboundDelivery-Process");
        dequeuing = Schedulers.newSingle("OutboundDelivery-Dequeue");
        running = Flux.from(queue.deQueue())
            .flatMap(item -> process(item).subscribeOn(processing), Queues.SMALL_BUFFER_SIZE)
            .onErrorContinue((error, item) -> LOGGER.error("Outbound delivery failed unexpectedly", error))
            .subscribeOn(dequeuing)
            .subscribe();
    }

    private Mono<Void> process(MailQueue.MailQueueItem item) {
        return Mono.create(sink -> {
            Mail mail = item.getMail();
            try {
                attempt(mail);
                item.done(MailQueue.MailQueueItem.CompletionStatus.SUCCESS);
                sink.success();
            } catch (Exception e) {
                try {
                    item.done(MailQueue.MailQueueItem.CompletionStatus.RETRY);
                } catch (Exception notRequeued) {
                    sink.error(notRequeued);
                    return;
                }
                sink.error(e);
            } finally {
                LifecycleUtil.dispose(mail);
            }
        });
    }

    void attempt(Mail mail) throws MailQueue.MailQueueException {
        ExecutionResult result;
        Optional<Boolean> nextHopOfferedDsn;
        org.jamesmsa.mailets.transport.CurrentDelivery.start(mail);
        try {
            result = delivrer.deliver(mail);
            nextHopOfferedDsn = org.jamesmsa.mailets.transport.CurrentDelivery.nextHopOfferedDsn();
        } finally {
            org.jamesmsa.mailets.transport.CurrentDelivery.end();
        }
        switch (result.getExecutionState()) {
            case SUCCESS:
                delivered.increment();
                if (nextHopOfferedDsn.equals(Optional.of(false))) {
                    noticeOfRelay(mail);
                }
                if (configuration.getOnSuccess().isPresent()) {
                    try {
                        context.sendMail(mail, configuration.getOnSuccess().get().getValue());
                    } catch (javax.mail.MessagingException e) {
                        throw new MailQueue.MailQueueException("cannot send " + mail.getName() + " to its onSuccess processor", e);
                    }
                }
                break;
            case TEMPORARY_FAILURE:
                deferOrBounce(mail, result);
                break;
            case PERMANENT_FAILURE:
                bounce(mail, result, DeliveryFailure.of(result.getException()));
                break;
        }
    }

    private void deferOrBounce(Mail mail, ExecutionResult result) throws MailQueue.MailQueueException {
        boolean firstDeferral = !Mail.ERROR.equals(mail.getState());
        if (firstDeferral) {
            mail.setState(Mail.ERROR);
            DeliveryRetriesHelper.initRetries(mail);
            mail.setLastUpdated(Date.from(clock.instant()));
        }
        mail.setAttribute(new Attribute(Bouncer.IS_DELIVERY_PERMANENT_ERROR, AttributeValue.of(false)));
        DeliveryFailure failure = DeliveryFailure.of(result.getException());
        int retries = DeliveryRetriesHelper.retrieveRetries(mail);
        if (retries >= configuration.getMaxRetries()) {
            bounce(mail, ExecutionResult.permanentFailure(new Exception("Too many retries failure. Bouncing after "
                + retries + " retries.", result.getException().orElse(null))), failure);
            return;
        }
        DeliveryRetriesHelper.incrementRetries(mail);
        mail.setLastUpdated(Date.from(clock.instant()));
        Duration delay = delayBefore(DeliveryRetriesHelper.retrieveRetries(mail));
        if (configuration.isUsePriority()) {
            mail.setAttribute(MailPrioritySupport.LOW_PRIORITY_ATTRIBUTE);
        }
        queue.enQueue(mail, delay);
        if (firstDeferral) {
            noticeOfDelay(mail, result);
        }
        metrics.deliveryDeferred(failure.kind);
        LOGGER.info("DEFERRED {} to {} via {}: {}; try {} of {} at {}", mail.getName(), domains(mail), nextHop(mail),
            failure.text, retries + 2, configuration.getMaxRetries() + 1, Instant.now(clock).plus(delay));
    }

    /**
     * RFC 3461 6.2: a next hop that offers no DSN will not report the delivery the sender asked to hear of, so this
     * MSA reports the message "relayed", once, through the {@code relayed} processor (DSNSuccessRequested there).
     */
    private void noticeOfRelay(Mail mail) {
        if (noticeRequested(mail, DsnParameters.Notify.SUCCESS)) {
            notice(mail, "relay", copy -> context.sendMail(copy, RELAYED_PROCESSOR));
        }
    }

    /**
     * RFC 3461 NOTIFY=DELAY, which James's retry loop, replaced here, never reports: a copy to the bounce processor,
     * marked temporary, where the recipients that asked get a "delayed" report (RFC 3464) once; the message itself
     * stays in the queue for its retries.
     */
    private void noticeOfDelay(Mail mail, ExecutionResult result) {
        if (noticeRequested(mail, DsnParameters.Notify.DELAY)) {
            notice(mail, "delay", copy -> bouncer.bounce(copy, result.getException().orElse(null)));
        }
    }

    private static boolean noticeRequested(Mail mail, DsnParameters.Notify notify) {
        return mail.dsnParameters().map(dsn -> dsn.getRcptParameters().values().stream()
            .anyMatch(recipient -> recipient.getNotifyParameter().map(asked -> asked.contains(notify)).orElse(false)))
            .orElse(false);
    }

    private interface Notice {
        void send(Mail copy) throws javax.mail.MessagingException;
    }

    /** A copy goes where its report is made; the message itself is untouched, and a notice that fails is only logged. */
    private void notice(Mail mail, String what, Notice notice) {
        try {
            Mail copy = mail.duplicate();
            try {
                notice.send(copy);
            } finally {
                org.apache.james.lifecycle.api.LifecycleUtil.dispose(copy);
            }
        } catch (javax.mail.MessagingException | RuntimeException e) {
            LOGGER.warn("Cannot send the {} notice of {} to its sender: {}", what, mail.getName(), e.toString());
        }
    }

    private void bounce(Mail mail, ExecutionResult result, DeliveryFailure failure) {
        mail.setAttribute(new Attribute(Bouncer.IS_DELIVERY_PERMANENT_ERROR, AttributeValue.of(true)));
        metrics.deliveryBounced(failure.kind);
        LOGGER.warn("BOUNCED {} to {} via {}: {}; the sender {} gets a notice", mail.getName(), domains(mail), nextHop(mail),
            failure.text, mail.getMaybeSender().asString());
        bouncer.bounce(mail, result.getException().orElse(null));
    }

    private Duration delayBefore(int retry) {
        List<Duration> delays = configuration.getDelayTimes();
        return retry > delays.size() ? Delay.DEFAULT_DELAY_TIME : delays.get(retry - 1);
    }

    private static String domains(Mail mail) {
        return mail.getRecipients().stream().map(recipient -> recipient.getDomain().asString()).distinct()
            .collect(Collectors.joining(","));
    }

    private String nextHop(Mail mail) {
        return configuration.getGatewayServer().isEmpty() ? "the MX hosts of " + domains(mail)
            : String.join(",", configuration.getGatewayServer());
    }

    @Override
    public void dispose() {
        if (running != null) {
            running.dispose();
            dequeuing.dispose();
            processing.disposeGracefully().timeout(Duration.ofSeconds(2)).onErrorResume(e -> Mono.empty()).block();
            LOGGER.info("Stopped delivering from queue {}", queue.getName().asString());
        }
    }
}
