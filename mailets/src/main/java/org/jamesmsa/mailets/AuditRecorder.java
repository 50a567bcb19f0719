package org.jamesmsa.mailets;

import java.io.IOException;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.jamesmsa.audit.AuditChain;
import org.jamesmsa.audit.AuditField;
import org.jamesmsa.audit.AuditField.Origin;
import org.jamesmsa.audit.AuditRecord;
import org.jamesmsa.audit.AuditStore;
import org.apache.james.metrics.api.TimeMetric;
import org.jamesmsa.contracts.AuditHealth;
import org.jamesmsa.contracts.ListenerRole;
import org.jamesmsa.contracts.SessionFact;
import org.jamesmsa.contracts.MsaMetrics;
import org.jamesmsa.contracts.NodeId;
import org.jamesmsa.contracts.SubmissionFacts;
import org.jamesmsa.settings.Settings;
import org.jamesmsa.settings.ValueType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the audit record of every message accepted on an SMTP listener, and of every message James makes (bounces,
 * notices), to the bundle's {@link AuditStore}, and lets the message go on only once the record is durable (RFC 5068
 * 3.1: traceable to the authenticated identity). Each record says where the message came from ({@link Origin}). When
 * the record cannot be kept (full disk, no permission) the message is not released untraceable: it goes to
 * {@code errorProcessor} with the reason, the failure is logged as an error, and {@link AuditHealth} makes the
 * listeners refuse new messages until a record is written again. Where the records go (folder, retention, anchors)
 * is a setting of the store, in james-msa.properties.
 *
 * <pre>{@code
 * <mailet match="All" class="org.jamesmsa.mailets.AuditRecorder">
 *     <!-- Where a message goes when its record cannot be written. Default: audit-error. -->
 *     <errorProcessor>audit-error</errorProcessor>
 * </mailet>
 * }</pre>
 */
public class AuditRecorder extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(AuditRecorder.class);
    private static final long COMMIT_TIMEOUT_SECONDS = 30;

    private final AuditStore store;
    private final AuditHealth health;
    private final MsaMetrics metrics;
    private String errorProcessor;

    @Inject
    public AuditRecorder(AuditStore store, AuditHealth health, MsaMetrics metrics) {
        this.store = store;
        this.health = health;
        this.metrics = metrics;
    }

    @Override
    public void init() throws MessagingException {
        errorProcessor = Settings.ofMailet(getMailetConfig(), List.of("errorProcessor"))
            .get("errorProcessor", ValueType.TEXT, "audit-error");
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        Optional<SubmissionFacts> facts = SubmissionFacts.from(mail);
        if (facts.isEmpty() && !sentByMailet(mail)) {
            return;
        }
        AuditRecord record = recordOf(mail, facts);
        TimeMetric timer = metrics.auditWrite();
        try {
            store.append(record).get(COMMIT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            timer.stopAndPublish();
            health.written();
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            LOGGER.error("AUDIT RECORD NOT WRITTEN for message {} (trace {}): {}. The message is held in processor {}.",
                record.text(AuditField.MESSAGE_ID).orElse("-"), record.text(AuditField.TRACE_ID).orElse("-"), cause, errorProcessor);
            metrics.auditWriteFailed();
            health.failed(cause.toString());
            hold(mail, "audit record not written to " + store.location() + ": " + cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            hold(mail, "interrupted while writing the audit record");
        }
    }

    private static boolean sentByMailet(Mail mail) {
        return mail.getAttribute(Mail.SENT_BY_MAILET_ATTRIBUTE.getName()).isPresent();
    }

    /**
     * Where the message came from. A message a mailet made (James's bounces copy the attributes of the message they
     * report on, its session facts included) is never the user's submission: a bounce is named by its null sender,
     * anything else a mailet sends is internal.
     */
    static Origin originOf(Mail mail, Optional<SubmissionFacts> facts) {
        if (sentByMailet(mail)) {
            return mail.getMaybeSender().isNullSender() ? Origin.BOUNCE : Origin.INTERNAL;
        }
        return facts.map(f -> f.listener() == ListenerRole.MX ? Origin.MX : Origin.SUBMISSION).orElse(Origin.INTERNAL);
    }

    private void hold(Mail mail, String reason) {
        mail.setErrorMessage(reason);
        mail.setState(errorProcessor);
    }

    /**
     * The record of a message accepted on a listener carries its session's facts; a bounce carries only the trace
     * ID of the message it reports on ({@code about}), and an internal message nothing of any session.
     */
    static AuditRecord recordOf(Mail mail, Optional<SubmissionFacts> facts) throws MessagingException {
        Origin origin = originOf(mail, facts);
        AuditRecord.Builder record = AuditRecord.at(Instant.now())
            .origin(origin)
            .with(AuditField.NODE, NodeId.current())
            .with(AuditField.MESSAGE_ID, mail.getMessage().getMessageID())
            .with(AuditField.MAIL_FROM, mail.getMaybeSender().asString(""))
            .with(AuditField.RCPT_TO, mail.getRecipients().stream().map(MailAddress::asString).collect(Collectors.toList()))
            .with(AuditField.SIZE, mail.getMessageSize())
            .with(AuditField.SHA256, sha256(mail))
            .with(AuditField.BODY_SHA256, bodySha256(mail));
        if (origin == Origin.BOUNCE) {
            facts.flatMap(f -> f.text(SessionFact.TRACE_ID)).ifPresent(trace -> record.with(AuditField.ABOUT, trace));
        }
        if (origin == Origin.MX || origin == Origin.SUBMISSION) {
            SubmissionFacts session = facts.orElseThrow();
            String ip = mail.getRemoteAddr();
            record.with(AuditField.LISTENER, session.listener().label())
                .with(AuditField.CLIENT_IP, ip)
                .with(AuditField.CLIENT_NAME, mail.getRemoteHost() == null || mail.getRemoteHost().equals(ip) ? null : mail.getRemoteHost())
                .tls(session.text(SessionFact.TLS_PROTOCOL).orElse(null), session.text(SessionFact.TLS_CIPHER).orElse(null));
            // Each fact goes to the field SessionFact names for it; the absent ones as the field's kind says.
            for (SessionFact fact : SessionFact.values()) {
                if (fact == SessionFact.LISTENER || fact.auditField().isEmpty()) {
                    continue;
                }
                AuditField field = fact.auditField().get();
                if (fact.type() == Integer.class) {
                    record.with(field, session.number(fact));
                } else {
                    record.with(field, session.text(fact).orElse(null));
                }
            }
        }
        return record.build();
    }

    /**
     * Of the message as accepted: the client's bytes with the trace headers and fix-ups {@code MessageStamping} wrote
     * while they streamed in, before any signature; no mailet before this one edits the message.
     */
    private static String sha256(Mail mail) throws MessagingException {
        MessageDigest digest = AuditChain.sha256();
        try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
            mail.getMessage().writeTo(out);
        } catch (IOException e) {
            throw new MessagingException("cannot hash the message", e);
        }
        return AuditChain.hex(digest.digest());
    }

    /** Of the body as received, its transfer encoding untouched: what a copy found elsewhere is matched by. */
    private static String bodySha256(Mail mail) throws MessagingException {
        try (java.io.InputStream body = mail.getMessage().getRawInputStream()) {
            return org.jamesmsa.audit.BodyHash.ofBody(body);
        } catch (IOException e) {
            throw new MessagingException("cannot hash the body", e);
        }
    }

    @Override
    public String getMailetInfo() {
        return "Durable, hash-chained audit record of every accepted message";
    }
}
