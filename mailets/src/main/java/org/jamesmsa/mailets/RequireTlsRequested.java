package org.jamesmsa.mailets;

import java.util.Collection;
import java.util.List;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMatcher;
import org.jamesmsa.contracts.SessionFact;

/**
 * Matches the messages whose sender asked REQUIRETLS (RFC 8689) on MAIL: they leave only through a delivery that
 * enforces it ({@code OutboundDelivery} with {@code requireTls}). A {@code TLS-Required: No} header changes nothing
 * here: it asks to relax policies (MTA-STS, DANE) this MSA does not apply, and is passed on.
 */
public class RequireTlsRequested extends GenericMatcher {
    @Override
    public Collection<MailAddress> match(Mail mail) {
        return SessionFact.REQUIRE_TLS.valueIn(mail, Boolean.class).orElse(false)
            ? mail.getRecipients() : List.of();
    }
}
