package org.jamesmsa.mailets;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.jamesmsa.contracts.Suspensions;

/**
 * Matches every recipient of a message submitted by an account that is suspended now ({@link Suspensions}), so that
 * the mail a stolen login queued before it was stopped stays here instead of leaving. In front of every delivery:
 * <pre>{@code
 * <mailet match="org.jamesmsa.mailets.SuspendedSender" class="ToRepository">
 *     <repositoryPath>jpa://var/mail/suspended/</repositoryPath>
 * </mailet>
 * }</pre>
 * Resuming the account sends its held messages on ({@code POST /msa/suspensions/{user}/resume}).
 */
public class SuspendedSender extends GenericMatcher {
    private final Suspensions suspensions;

    @Inject
    public SuspendedSender(Suspensions suspensions) {
        this.suspensions = suspensions;
    }

    @Override
    public Collection<MailAddress> match(Mail mail) {
        return submitter(mail).filter(user -> suspensions.of(user).isPresent())
            .map(user -> mail.getRecipients())
            .orElse(List.of());
    }

    /** The account that submitted the message, empty for mail no user submitted (MX mail, bounces). */
    public static Optional<Username> submitter(Mail mail) {
        return AttributeUtils.getValueAndCastFromMail(mail, Mail.SMTP_AUTH_USER, String.class).map(Username::of);
    }
}
