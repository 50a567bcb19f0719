package org.jamesmsa.server;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

import javax.inject.Inject;
import javax.mail.internet.AddressException;

import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.apache.james.domainlist.api.DomainList;
import org.apache.james.lifecycle.api.Startable;
import org.apache.james.rrt.api.RecipientRewriteTable;
import org.apache.james.rrt.lib.MappingSource;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.utils.InitializationOperation;
import org.apache.james.utils.InitilizationOperationBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.ProvidesIntoSet;

/**
 * The mailbox {@code postmaster@} and {@code abuse@} every local domain reach (MSA_POSTMASTER): the listeners accept
 * these addresses without an account (RFC 5321 4.5.1), so a local MSA_POSTMASTER that is neither an account nor an
 * alias would turn every such message into a bounce. It is made as an account at start, with a random password the
 * operator replaces to read it; an address elsewhere, an existing account or an alias is left alone.
 *
 * <p>Its start operation comes before the SMTP listeners': James runs the operations of its startable services in
 * the order they were made, and this one is made (with the users and domains it needs) when its module, installed
 * before the protocols, contributes it.</p>
 */
public class PostmasterMailbox implements Startable {
    /** The system property the launcher sets from MSA_POSTMASTER. */
    public static final String PROPERTY = "msa.postmaster";
    private static final Logger LOGGER = LoggerFactory.getLogger(PostmasterMailbox.class);

    /** Contributes the start operation; without {@value #PROPERTY} (a server assembled without the launcher) it does nothing. */
    public static class Module extends AbstractModule {
        @ProvidesIntoSet
        InitializationOperation makePostmasterMailbox(PostmasterMailbox mailbox) {
            return InitilizationOperationBuilder.forClass(PostmasterMailbox.class)
                .init(() -> Optional.ofNullable(System.getProperty(PROPERTY)).filter(address -> !address.isBlank())
                    .ifPresent(mailbox::ensure));
        }
    }

    private final UsersRepository users;
    private final DomainList domains;
    private final RecipientRewriteTable aliases;

    @Inject
    public PostmasterMailbox(UsersRepository users, DomainList domains, RecipientRewriteTable aliases) {
        this.users = users;
        this.domains = domains;
        this.aliases = aliases;
    }

    /** Makes {@code address} an account when it is local and nothing receives its mail. */
    public void ensure(String address) {
        try {
            MailAddress mailbox = new MailAddress(address);
            Username username = Username.fromMailAddress(mailbox);
            if (!domains.containsDomain(mailbox.getDomain()) || users.contains(username)
                    || !aliases.getStoredMappings(MappingSource.fromMailAddress(mailbox)).isEmpty()) {
                return;
            }
            try {
                users.addUser(username, randomPassword());
            } catch (Exception e) {
                if (users.contains(username)) {
                    // Another node sharing the database made it between the check and the insert.
                    return;
                }
                throw e;
            }
            LOGGER.warn("Made the account {} (MSA_POSTMASTER) with a random password: postmaster@ and abuse@ mail is kept "
                + "there; set a password through webadmin to read it over IMAP", address);
        } catch (AddressException e) {
            throw new IllegalArgumentException("MSA_POSTMASTER='" + address + "' is not a mail address", e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot make the MSA_POSTMASTER account " + address + ": " + e.getMessage(), e);
        }
    }

    private static String randomPassword() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
