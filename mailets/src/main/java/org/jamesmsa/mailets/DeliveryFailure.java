package org.jamesmsa.mailets;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.security.cert.CertificateException;
import java.util.Locale;
import java.util.Optional;

import javax.mail.MessagingException;
import javax.net.ssl.SSLException;

import com.sun.mail.smtp.SMTPAddressFailedException;
import com.sun.mail.smtp.SMTPSendFailedException;
import com.sun.mail.smtp.SMTPSenderFailedException;

/**
 * Why an outbound delivery failed, in the words an operator acts on, read from what JavaMail threw: the next hop's
 * reply, STARTTLS missing where it is required, a certificate that is not trusted, a host that cannot be reached.
 * {@link #kind} is the metric's label, {@link #text} the log's.
 */
final class DeliveryFailure {
    final String kind;
    final String text;

    private DeliveryFailure(String kind, String text) {
        this.kind = kind;
        this.text = text;
    }

    static DeliveryFailure of(Optional<? extends Exception> failure) {
        if (failure.isEmpty()) {
            return new DeliveryFailure("unknown", "no reason given");
        }
        for (Throwable cause = failure.get(); cause != null; cause = next(cause)) {
            String message = String.valueOf(cause.getMessage());
            if (cause instanceof SMTPSendFailedException || cause instanceof SMTPAddressFailedException
                    || cause instanceof SMTPSenderFailedException) {
                String reply = oneLine(message);
                return new DeliveryFailure("reply_" + reply.charAt(0) + "xx", "the next hop replied: " + reply);
            }
            if (message.toLowerCase(Locale.ROOT).contains("starttls is required")) {
                return new DeliveryFailure("starttls_not_offered", "STARTTLS not offered by the next hop, and it is required");
            }
            if (cause instanceof CertificateException || cause instanceof SSLException && message.contains("PKIX")) {
                return new DeliveryFailure("certificate_not_trusted", "certificate not trusted: " + oneLine(message));
            }
            if (cause instanceof SSLException) {
                return new DeliveryFailure("tls_failed", "TLS failed: " + oneLine(message));
            }
            if (cause instanceof ConnectException || cause instanceof UnknownHostException) {
                return new DeliveryFailure("connection_failed", "cannot connect: " + oneLine(message));
            }
            if (cause instanceof SocketTimeoutException) {
                return new DeliveryFailure("timeout", "no answer in time: " + oneLine(message));
            }
        }
        return new DeliveryFailure("other", oneLine(failure.get().getMessage() == null ? failure.get().toString() : failure.get().getMessage()));
    }

    private static Throwable next(Throwable cause) {
        if (cause instanceof MessagingException && ((MessagingException) cause).getNextException() != null) {
            return ((MessagingException) cause).getNextException();
        }
        return cause.getCause();
    }

    private static String oneLine(String text) {
        String line = String.valueOf(text).replaceAll("\\s+", " ").strip();
        return line.length() > 200 ? line.substring(0, 200) + "..." : line;
    }
}
