package org.jamesmsa.mailets.transport;

import java.util.Optional;

import org.apache.mailet.Mail;

/**
 * The message being delivered on this thread, for the SMTP client ({@link SMTPTransport}): JavaMail hands it only
 * the MIME message, while what the envelope must carry (a recipient's ORCPT, REQUIRETLS) is on the Mail. An attempt
 * runs on one thread from start to end ({@code OutboundAttempts}), which sets and clears it around each delivery.
 */
public final class CurrentDelivery {
    private static final ThreadLocal<Mail> MAIL = new ThreadLocal<>();
    private static final ThreadLocal<Boolean> NEXT_HOP_OFFERED_DSN = new ThreadLocal<>();

    private CurrentDelivery() {
    }

    public static void start(Mail mail) {
        MAIL.set(mail);
        NEXT_HOP_OFFERED_DSN.remove();
    }

    public static void end() {
        MAIL.remove();
        NEXT_HOP_OFFERED_DSN.remove();
    }

    public static Optional<Mail> mail() {
        return Optional.ofNullable(MAIL.get());
    }

    /** Said by the client once it knows whether the server it sends to offers DSN (RFC 3461). */
    static void nextHopOffersDsn(boolean offered) {
        NEXT_HOP_OFFERED_DSN.set(offered);
    }

    /** Whether the last server this thread sent the message to offered DSN; empty when none was reached. */
    public static Optional<Boolean> nextHopOfferedDsn() {
        return Optional.ofNullable(NEXT_HOP_OFFERED_DSN.get());
    }
}
