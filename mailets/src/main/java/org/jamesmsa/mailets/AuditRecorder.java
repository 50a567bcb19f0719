package org.jamesmsa.mailets;

import java.io.IOException;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.AttributeName;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.jamesmsa.audit.AuditChain;
import org.jamesmsa.audit.AuditField;
import org.jamesmsa.audit.AuditRecord;
import org.jamesmsa.audit.AuditStore;
import org.jamesmsa.model.MsaAttributes;
import org.jamesmsa.model.SubmissionFacts;
import org.jamesmsa.settings.Settings;
import org.jamesmsa.settings.ValueType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the audit record of every message accepted on an SMTP listener to the bundle's {@link AuditStore}, and lets
 * the message go on only once the record is durable (RFC 5068 3.1: traceable to the authenticated identity). When
 * the record cannot be kept (full disk, no permission) the message is not released untraceable: it goes to
 * {@code errorProcessor} with the reason, and the failure is logged as an error. Where the records go (folder,
 * retention) is a setting of the store, in james-msa.properties.
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

    /** The session facts an audit record carries as they are, and the field each goes to. */
    private static final Map<AttributeName, AuditField> TEXT_FACTS = Map.of(MsaAttributes.TRACE_ID, AuditField.TRACE_ID,
        MsaAttributes.SESSION_ID, AuditField.SESSION_ID, MsaAttributes.AUTH_USER, AuditField.AUTH_USER,
        MsaAttributes.HELO_NAME, AuditField.HELO, MsaAttributes.CSV_VERDICT, AuditField.CSV,
        MsaAttributes.CSV_REASON, AuditField.CSV_REASON);
    private static final Map<AttributeName, AuditField> NUMBER_FACTS = Map.of(MsaAttributes.LOCAL_PORT, AuditField.PORT,
        MsaAttributes.CLIENT_PORT, AuditField.CLIENT_PORT);

    private final AuditStore store;
    private String errorProcessor;

    @Inject
    public AuditRecorder(AuditStore store) {
        this.store = store;
    }

    @Override
    public void init() throws MessagingException {
        errorProcessor = Settings.ofMailet(getMailetConfig(), List.of("errorProcessor"))
            .get("errorProcessor", ValueType.TEXT, "audit-error");
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        Optional<SubmissionFacts> facts = SubmissionFacts.from(mail);
        if (facts.isEmpty()) {
            return;
        }
        AuditRecord record = recordOf(mail, facts.get());
        try {
            store.append(record).get(COMMIT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            LOGGER.error("AUDIT RECORD NOT WRITTEN for message {} (trace {}): {}. The message is held in processor {}.",
                record.text(AuditField.MESSAGE_ID).orElse("-"), record.text(AuditField.TRACE_ID).orElse("-"), cause, errorProcessor);
            hold(mail, "audit record not written to " + store.location() + ": " + cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            hold(mail, "interrupted while writing the audit record");
        }
    }

    private void hold(Mail mail, String reason) {
        mail.setErrorMessage(reason);
        mail.setState(errorProcessor);
    }

    static AuditRecord recordOf(Mail mail, SubmissionFacts facts) throws MessagingException {
        String ip = mail.getRemoteAddr();
        String clientName = mail.getRemoteHost() == null || mail.getRemoteHost().equals(ip) ? null : mail.getRemoteHost();
        AuditRecord.Builder record = AuditRecord.at(Instant.now())
            .with(AuditField.LISTENER, facts.listener().label())
            .with(AuditField.MESSAGE_ID, mail.getMessage().getMessageID())
            .with(AuditField.CLIENT_IP, ip)
            .with(AuditField.CLIENT_NAME, clientName)
            .tls(facts.text(MsaAttributes.TLS_PROTOCOL).orElse(null), facts.text(MsaAttributes.TLS_CIPHER).orElse(null))
            .with(AuditField.MAIL_FROM, mail.getMaybeSender().asString(""))
            .with(AuditField.RCPT_TO, mail.getRecipients().stream().map(MailAddress::asString).collect(Collectors.toList()))
            .with(AuditField.SIZE, mail.getMessageSize())
            .with(AuditField.SHA256, sha256(mail));
        TEXT_FACTS.forEach((fact, field) -> record.with(field, facts.text(fact).orElse(null)));
        NUMBER_FACTS.forEach((fact, field) -> record.with(field, facts.number(fact)));
        return record.build();
    }

    /** Of the message as it leaves this MSA: with its trace headers and fix-ups. */
    private static String sha256(Mail mail) throws MessagingException {
        MessageDigest digest = AuditChain.sha256();
        try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
            mail.getMessage().writeTo(out);
        } catch (IOException e) {
            throw new MessagingException("cannot hash the message", e);
        }
        return AuditChain.hex(digest.digest());
    }

    @Override
    public String getMailetInfo() {
        return "Durable, hash-chained audit record of every accepted message";
    }
}
