package org.jamesmsa.it;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import javax.mail.Folder;
import javax.mail.Message;
import javax.mail.MessagingException;
import javax.mail.Session;
import javax.mail.Store;
import javax.mail.internet.MimeMessage;
import javax.net.ssl.SSLContext;

import com.sun.mail.iap.BadCommandException;

/**
 * A user's INBOX read over IMAP with JavaMail's IMAP provider, as a mail client reads it: implicit TLS (993) or
 * STARTTLS required (143). The server's certificate must be the one {@code clientTls} trusts.
 */
final class ImapMailbox {
    private static final int MESSAGESET_RETRIES = 20;

    private final Session session;
    private final String protocol;
    private final int port;
    private final String address;
    private final String user;
    private final String password;

    private ImapMailbox(String protocol, String address, int port, SSLContext clientTls, String user, String password) {
        Properties properties = new Properties();
        String prefix = "mail." + protocol + ".";
        properties.put(prefix + "host", address);
        properties.put(prefix + "port", Integer.toString(port));
        properties.put(prefix + "connectiontimeout", "10000");
        properties.put(prefix + "timeout", "10000");
        properties.put(prefix + "ssl.socketFactory", clientTls.getSocketFactory());
        // The self-signed certificate names the mail domain, not 127.0.0.1: trust is pinned by clientTls instead.
        properties.put(prefix + "ssl.checkserveridentity", "false");
        if (protocol.equals("imap")) {
            properties.put(prefix + "starttls.enable", "true");
            properties.put(prefix + "starttls.required", "true");
        }
        this.session = Session.getInstance(properties);
        this.protocol = protocol;
        this.port = port;
        this.address = address;
        this.user = user;
        this.password = password;
    }

    static ImapMailbox overImplicitTls(int port, SSLContext clientTls, String user, String password) {
        return new ImapMailbox("imaps", "127.0.0.1", port, clientTls, user, password);
    }

    static ImapMailbox overImplicitTls(String address, int port, SSLContext clientTls, String user, String password) {
        return new ImapMailbox("imaps", address, port, clientTls, user, password);
    }

    static ImapMailbox overStartTls(int port, SSLContext clientTls, String user, String password) {
        return new ImapMailbox("imap", "127.0.0.1", port, clientTls, user, password);
    }

    /**
     * Every message of the INBOX, copied out of the IMAP session. James's JPA mailbox can announce a message that is
     * still being appended before it can be fetched ({@code BAD FETCH failed. Invalid messageset}); a mail client
     * reads again, and so does this, a bounded number of times.
     */
    List<MimeMessage> messages() throws MessagingException, InterruptedException {
        return each((inbox, message) -> new MimeMessage((MimeMessage) message));
    }

    /** The IMAP UID of every message of the INBOX (RFC 3501 2.3.1.1), in the order of the messages. */
    List<Long> uids() throws MessagingException, InterruptedException {
        return each((inbox, message) -> ((javax.mail.UIDFolder) inbox).getUID(message));
    }

    private interface Reading<T> {
        T read(Folder inbox, Message message) throws MessagingException;
    }

    private <T> List<T> each(Reading<T> reading) throws MessagingException, InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                return readOnce(reading);
            } catch (MessagingException e) {
                if (attempt == MESSAGESET_RETRIES || !(e.getCause() instanceof BadCommandException)) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private <T> List<T> readOnce(Reading<T> reading) throws MessagingException {
        Store store = session.getStore(protocol);
        store.connect(address, port, user, password);
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            try {
                List<T> values = new ArrayList<>();
                for (Message message : inbox.getMessages()) {
                    values.add(reading.read(inbox, message));
                }
                return values;
            } finally {
                inbox.close(false);
            }
        } finally {
            store.close();
        }
    }
}
