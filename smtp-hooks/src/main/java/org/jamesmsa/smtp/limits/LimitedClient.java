package org.jamesmsa.smtp.limits;

import java.util.Optional;

import org.apache.james.core.Username;
import org.apache.james.protocols.smtp.SMTPSession;

/** Who a limit counts: the authenticated user, if any, and the client's address (IPv6: its /64). */
public final class LimitedClient {
    private final Optional<Username> user;
    private final String address;

    public LimitedClient(Optional<Username> user, String address) {
        this.user = user;
        this.address = address;
    }

    static LimitedClient of(SMTPSession session) {
        return new LimitedClient(Optional.ofNullable(session.getUsername()), ClientAddress.keyOf(session.getRemoteAddress().getAddress()));
    }

    public Optional<Username> user() {
        return user;
    }

    public String address() {
        return address;
    }

    @Override
    public String toString() {
        return user.map(u -> u.asString() + " from ").orElse("") + address;
    }
}
