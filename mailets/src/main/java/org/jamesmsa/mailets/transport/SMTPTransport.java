package org.jamesmsa.mailets.transport;

import java.util.Locale;
import java.util.Optional;

import javax.mail.Address;
import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.URLName;

import javax.mail.internet.MimeMessage;

import org.apache.james.core.MailAddress;
import org.apache.mailet.DsnParameters;
import org.jamesmsa.contracts.SessionFact;

import com.sun.mail.smtp.SMTPMessage;


/**
 * JavaMail's SMTP client, with the recipient's original address ({@code ORCPT}, RFC 3461 4.2) on each {@code RCPT}
 * to a server that offers DSN (James passes NOTIFY, RET and ENVID on, but JavaMail has no ORCPT), and the sender's
 * {@code MT-PRIORITY} (RFC 6710) on MAIL to a server that offers it. Named by
 * {@code mail.smtp.class} ({@code OutboundDelivery}); reads the envelope from {@link CurrentDelivery}. Its simple name
 * is JavaMail's because James sends 8-bit messages unconverted only through a class named {@code *.SMTPTransport}.
 */
public class SMTPTransport extends com.sun.mail.smtp.SMTPTransport {
    private static final String RCPT = "RCPT TO:<";

    public SMTPTransport(Session session, URLName urlname) {
        super(session, urlname);
    }

    @Override
    public synchronized void sendMessage(Message message, Address[] addresses) throws MessagingException {
        CurrentDelivery.nextHopOffersDsn(supportsExtension("DSN"));
        Optional<Integer> priority = CurrentDelivery.mail()
            .flatMap(mail -> SessionFact.MT_PRIORITY.valueIn(mail, Integer.class));
        super.sendMessage(priority.isPresent() && supportsExtension("MT-PRIORITY")
            ? withMailExtension(message, "MT-PRIORITY=" + priority.get()) : message, addresses);
    }

    /** The message with {@code extension} added to the parameters of its MAIL command (James may have put ENVID). */
    protected static SMTPMessage withMailExtension(Message message, String extension) throws MessagingException {
        SMTPMessage smtpMessage = message instanceof SMTPMessage ? (SMTPMessage) message : new SMTPMessage((MimeMessage) message);
        String present = smtpMessage.getMailExtension();
        smtpMessage.setMailExtension(present == null || present.isBlank() ? extension : present + " " + extension);
        return smtpMessage;
    }

    @Override
    protected void sendCommand(String command) throws MessagingException {
        super.sendCommand(command.regionMatches(true, 0, RCPT, 0, RCPT.length()) && supportsExtension("DSN")
            ? command + orcpt(command).map(original -> " ORCPT=rfc822;" + DsnParameters.XText.encode(original)).orElse("")
            : command);
    }

    /** The ORCPT the sender gave for the recipient of {@code RCPT TO:<address> ...}. */
    private static Optional<String> orcpt(String command) {
        int end = command.indexOf('>', RCPT.length());
        if (end < 0) {
            return Optional.empty();
        }
        String address = command.substring(RCPT.length(), end).toLowerCase(Locale.ROOT);
        return CurrentDelivery.mail().flatMap(mail -> mail.dsnParameters())
            .flatMap(dsn -> dsn.getRcptParameters().entrySet().stream()
                .filter(entry -> entry.getKey().asString().toLowerCase(Locale.ROOT).equals(address))
                .findFirst())
            .flatMap(entry -> entry.getValue().getOrcptParameter()).map(MailAddress::asString);
    }
}
