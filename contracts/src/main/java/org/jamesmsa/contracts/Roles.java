package org.jamesmsa.contracts;

import java.util.Locale;
import java.util.Set;

import org.apache.james.core.MailAddress;

/**
 * The role addresses every local domain has without an account: {@code postmaster} (RFC 5321 4.5.1) and
 * {@code abuse} (RFC 2142). The listeners accept them and the mailet container sends them to one mailbox.
 */
public final class Roles {
    public static final Set<String> LOCAL_PARTS = Set.of("postmaster", "abuse");

    private Roles() {
    }

    public static boolean isRoleAddress(MailAddress address) {
        return LOCAL_PARTS.contains(address.getLocalPart().toLowerCase(Locale.ROOT));
    }
}
