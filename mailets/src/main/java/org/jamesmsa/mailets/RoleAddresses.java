package org.jamesmsa.mailets;

import java.util.ArrayList;
import java.util.List;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.jamesmsa.contracts.Roles;
import org.jamesmsa.settings.Settings;
import org.jamesmsa.settings.ValueType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code postmaster@} (RFC 5321 4.5.1) and {@code abuse@} (RFC 2142) of every local domain reach one mailbox, the
 * one operators read; the listeners accept them without an account ({@code RoleAddressHook}). Replaces James's
 * PostmasterAlias, which knows postmaster only.
 *
 * <pre>{@code
 * <mailet match="All" class="org.jamesmsa.mailets.RoleAddresses">
 *     <!-- MSA_POSTMASTER, default postmaster@<MSA_DOMAIN>: a user or an alias of this server, or an address elsewhere. -->
 *     <mailbox>postmaster@example.org</mailbox>
 * </mailet>
 * }</pre>
 */
public class RoleAddresses extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(RoleAddresses.class);
    private final DomainList domains;
    private MailAddress mailbox;

    @Inject
    public RoleAddresses(DomainList domains) {
        this.domains = domains;
    }

    @Override
    public void init() throws MessagingException {
        Settings settings = Settings.ofMailet(getMailetConfig(), List.of("mailbox"));
        mailbox = settings.required("mailbox", ValueType.of("a mail address such as postmaster@example.org", text -> {
            try {
                return java.util.Optional.of(new MailAddress(text));
            } catch (javax.mail.internet.AddressException e) {
                return java.util.Optional.empty();
            }
        }));
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        List<MailAddress> recipients = new ArrayList<>();
        boolean changed = false;
        for (MailAddress recipient : mail.getRecipients()) {
            if (Roles.isRoleAddress(recipient) && isLocal(recipient) && !recipient.equals(mailbox)) {
                LOGGER.info("{} of message {} goes to {}", recipient.asString(), mail.getName(), mailbox.asString());
                changed = true;
                if (!recipients.contains(mailbox)) {
                    recipients.add(mailbox);
                }
            } else if (!recipients.contains(recipient)) {
                recipients.add(recipient);
            }
        }
        if (changed) {
            mail.setRecipients(recipients);
        }
    }

    private boolean isLocal(MailAddress recipient) {
        try {
            return domains.containsDomain(recipient.getDomain());
        } catch (DomainListException e) {
            LOGGER.warn("Cannot tell whether {} is local; {} is delivered as addressed", recipient.getDomain().asString(),
                recipient.asString(), e);
            return false;
        }
    }

    @Override
    public String getMailetInfo() {
        return "postmaster@ and abuse@ every local domain to one mailbox";
    }
}
