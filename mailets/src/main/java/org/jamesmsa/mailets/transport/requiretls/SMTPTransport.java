package org.jamesmsa.mailets.transport.requiretls;

import javax.mail.Address;
import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.URLName;

import com.sun.mail.smtp.SMTPSendFailedException;

/**
 * JavaMail's SMTP client for messages whose sender asked REQUIRETLS (RFC 8689 4.2.1): the message is sent only over
 * TLS, with the certificate verified (the session's settings, {@code OutboundDelivery}), to a server that offers
 * REQUIRETLS itself, with {@code REQUIRETLS} on its MAIL command; otherwise nothing of it is sent and the failure is
 * permanent ({@code 5.7.10}), so that the sender hears at once rather than after days of retries. Named by
 * {@code mail.smtp.class}; the {@code ENVID} a DSN request put on the MAIL command is kept, and ORCPT passed as
 * {@link org.jamesmsa.mailets.transport.SMTPTransport} does. Named as JavaMail's for the reason given there.
 */
public class SMTPTransport extends org.jamesmsa.mailets.transport.SMTPTransport {
    static final String REQUIRETLS = "REQUIRETLS";

    public SMTPTransport(Session session, URLName urlname) {
        super(session, urlname);
    }

    @Override
    public synchronized void sendMessage(Message message, Address[] addresses) throws MessagingException {
        if (!isSSL()) {
            throw refused(addresses, "the next hop offers no TLS");
        }
        if (!supportsExtension(REQUIRETLS)) {
            throw refused(addresses, "the next hop does not offer REQUIRETLS");
        }
        super.sendMessage(withMailExtension(message, REQUIRETLS), addresses);
    }

    private SMTPSendFailedException refused(Address[] addresses, String why) {
        String reply = "550 5.7.10 REQUIRETLS: " + why + " (" + getURLName().getHost() + "); the message was not sent";
        return new SMTPSendFailedException("MAIL", 550, reply, null, null, addresses, null);
    }
}
