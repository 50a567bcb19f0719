package org.jamesmsa.smtp;

import javax.inject.Inject;

import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.domainlist.api.DomainListException;
import org.apache.james.protocols.smtp.SMTPRetCode;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.apache.james.protocols.smtp.hook.RcptHook;
import org.jamesmsa.contracts.Roles;
import org.jamesmsa.smtp.SmtpReplies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts {@code postmaster@} (RFC 5321 4.5.1: a server must accept it) and {@code abuse@} (RFC 2142) of every local
 * domain, though no account has those names; the mailet {@code RoleAddresses} then sends them to the configured
 * mailbox. List it before the recipient check ({@code ValidRcptHandler}), which would refuse them with 550 5.1.1.
 *
 * <pre>{@code
 * <handler class="org.jamesmsa.smtp.RoleAddressHook"/>
 * }</pre>
 */
public class RoleAddressHook implements RcptHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(RoleAddressHook.class);

    private final DomainList domains;

    @Inject
    public RoleAddressHook(DomainList domains) {
        this.domains = domains;
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress rcpt) {
        if (!Roles.isRoleAddress(rcpt)) {
            return HookResult.DECLINED;
        }
        try {
            if (domains.containsDomain(rcpt.getDomain())) {
                return SmtpReplies.result(HookReturnCode.ok(), SMTPRetCode.MAIL_OK, "2.1.5", "Recipient <" + rcpt.asString() + "> OK");
            }
        } catch (DomainListException e) {
            LOGGER.warn("Cannot tell whether {} is a local domain; the recipient check decides", rcpt.getDomain().asString(), e);
        }
        return HookResult.DECLINED;
    }
}
