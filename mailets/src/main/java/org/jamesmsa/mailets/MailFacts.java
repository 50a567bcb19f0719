package org.jamesmsa.mailets;

import java.util.Optional;

import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.Mail;
import org.jamesmsa.smtp.trace.SessionFacts;

/** Reads the session facts the SMTP hooks left on a Mail. */
final class MailFacts {
    private MailFacts() {
    }

    static Optional<String> text(Mail mail, String attribute) {
        return AttributeUtils.getValueAndCastFromMail(mail, AttributeName.of(attribute), String.class);
    }

    static int number(Mail mail, String attribute) {
        return AttributeUtils.getValueAndCastFromMail(mail, AttributeName.of(attribute), Integer.class).orElse(0);
    }

    /** Mail that came in through an SMTP listener of this MSA (not a bounce or notice James made itself). */
    static boolean acceptedBySmtp(Mail mail) {
        return text(mail, SessionFacts.LISTENER).isPresent();
    }

    static Optional<String> authenticatedUser(Mail mail) {
        return text(mail, SessionFacts.AUTH_USER);
    }

    /** Refuses a parameter other than true or false, naming the mailet and the parameter. */
    static boolean booleanParameter(String mailet, String name, String value, boolean defaultValue) throws javax.mail.MessagingException {
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        return org.jamesmsa.smtp.HandlerSettings.parseBoolean(value).orElseThrow(() -> new javax.mail.MessagingException(
            "mailetcontainer.xml: <" + name + "> of mailet " + mailet + " has value '" + value + "'; allowed values: true, false"));
    }

    static String hostname(String configured) {
        if (configured != null && !configured.isBlank()) {
            return configured.strip();
        }
        try {
            return java.net.InetAddress.getLocalHost().getCanonicalHostName();
        } catch (java.net.UnknownHostException e) {
            return "localhost";
        }
    }
}
