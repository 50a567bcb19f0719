package org.jamesmsa.mailets;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.jamesmsa.audit.AuditChain;
import org.jamesmsa.audit.AuditLog;
import org.jamesmsa.audit.AuditRecord;
import org.jamesmsa.smtp.csv.ClientValidationHook;
import org.jamesmsa.smtp.trace.SessionFacts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the audit record of every message accepted on an SMTP listener, and lets the message go on only once
 * the record is on disk (RFC 5068 3.1: traceable to the authenticated identity). When the record cannot be
 * written (full disk, no permission) the message is not released untraceable: it goes to {@code errorProcessor}
 * with the reason, and the failure is logged as an error.
 *
 * <pre>{@code
 * <mailet match="All" class="org.jamesmsa.mailets.AuditRecorder">
 *     <!-- Folder of the audit files (MSA_AUDIT_DIR). Must be writable at startup. -->
 *     <directory>/var/lib/james-msa/audit</directory>
 *     <!-- Days a daily file is kept before it is deleted. Default: 30. -->
 *     <retentionDays>30</retentionDays>
 *     <!-- Where a message goes when its record cannot be written. Default: audit-error. -->
 *     <errorProcessor>audit-error</errorProcessor>
 * </mailet>
 * }</pre>
 */
public class AuditRecorder extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(AuditRecorder.class);
    private static final long COMMIT_TIMEOUT_SECONDS = 30;

    private AuditLog log;
    private String errorProcessor;

    @Override
    public void init() throws MessagingException {
        String directory = getInitParameter("directory");
        if (directory == null || directory.isBlank()) {
            throw new MessagingException("mailetcontainer.xml: mailet " + getMailetName() + " needs <directory>, the audit folder");
        }
        int retentionDays;
        try {
            retentionDays = Integer.parseInt(getInitParameter("retentionDays", "30").strip());
            if (retentionDays < 1) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new MessagingException("mailetcontainer.xml: <retentionDays> of mailet " + getMailetName() + " has value '"
                + getInitParameter("retentionDays") + "'; allowed values: a whole number of days, at least 1");
        }
        errorProcessor = getInitParameter("errorProcessor", "audit-error");
        try {
            log = AuditLog.open(Path.of(directory.strip()), retentionDays, Clock.systemUTC());
        } catch (IOException e) {
            throw new MessagingException("mailetcontainer.xml: <directory> of mailet " + getMailetName() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        if (!MailFacts.acceptedBySmtp(mail)) {
            return;
        }
        AuditRecord record = recordOf(mail);
        try {
            log.append(record).get(COMMIT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
            LOGGER.error("AUDIT RECORD NOT WRITTEN for message {} (trace {}): {}. The message is held in processor {}.",
                record.messageId(), record.traceId(), cause, errorProcessor);
            mail.setErrorMessage("audit record not written to " + log.directory() + ": " + cause);
            mail.setState(errorProcessor);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            mail.setErrorMessage("interrupted while writing the audit record");
            mail.setState(errorProcessor);
        }
    }

    private AuditRecord recordOf(Mail mail) throws MessagingException {
        String ip = mail.getRemoteAddr();
        String clientName = mail.getRemoteHost() == null || mail.getRemoteHost().equals(ip) ? null : mail.getRemoteHost();
        return AuditRecord.at(Instant.now())
            .traceId(MailFacts.text(mail, SessionFacts.TRACE_ID).orElse(null))
            .sessionId(MailFacts.text(mail, SessionFacts.SESSION_ID).orElse(null))
            .messageId(mail.getMessage().getMessageID())
            .authUser(MailFacts.authenticatedUser(mail).orElse(null))
            .listener(MailFacts.text(mail, SessionFacts.LISTENER).orElse(null))
            .port(MailFacts.number(mail, SessionFacts.LOCAL_PORT))
            .client(ip, MailFacts.number(mail, SessionFacts.CLIENT_PORT), clientName)
            .helo(MailFacts.text(mail, SessionFacts.HELO_NAME).orElse(null))
            .csv(MailFacts.text(mail, ClientValidationHook.VERDICT_ATTRIBUTE).orElse(null),
                MailFacts.text(mail, ClientValidationHook.REASON_ATTRIBUTE).orElse(null))
            .tls(MailFacts.text(mail, SessionFacts.TLS_PROTOCOL).orElse(null),
                MailFacts.text(mail, SessionFacts.TLS_CIPHER).orElse(null))
            .envelope(mail.getMaybeSender().asString(""),
                mail.getRecipients().stream().map(MailAddress::asString).collect(java.util.stream.Collectors.toList()))
            .content(mail.getMessageSize(), sha256(mail))
            .build();
    }

    private static String sha256(Mail mail) throws MessagingException {
        try {
            MessageDigest digest = AuditChain.sha256();
            try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
                mail.getMessage().writeTo(out);
            }
            return AuditChain.hex(digest.digest());
        } catch (IOException e) {
            throw new MessagingException("cannot hash the message", e);
        }
    }

    @Override
    public void destroy() {
        if (log != null) {
            log.close();
        }
    }

    @Override
    public String getMailetInfo() {
        return "Durable, hash-chained audit record of every accepted message";
    }
}
