package org.jamesmsa.contracts;

import org.apache.james.core.MailAddress;
import org.apache.james.core.Username;
import org.apache.james.rrt.api.CanSendFrom;
import org.apache.james.user.api.UsersRepository;
import org.apache.james.user.api.UsersRepositoryException;

/**
 * Whether an authenticated user may use an address as sender: their own address, their aliases and their address in
 * alias domains, as James's {@link CanSendFrom} decides from the recipient rewrite table. The one answer behind the
 * envelope check at MAIL (RFC 6409 6.1) and the From check of the fix-ups (RFC 6409 8.1).
 */
public final class SenderOwnership {
    private final UsersRepository users;
    private final CanSendFrom canSendFrom;

    public SenderOwnership(UsersRepository users, CanSendFrom canSendFrom) {
        this.users = users;
        this.canSendFrom = canSendFrom;
    }

    /**
     * @throws UsersRepositoryException when the user store cannot answer (the caller decides: tempfail at MAIL, a
     *                                  Sender header in the fix-ups)
     */
    public boolean owns(Username user, MailAddress address) throws UsersRepositoryException {
        return canSendFrom.userCanSendFrom(user, users.getUsername(address));
    }
}
