package org.jamesmsa.smtp.submission.sasl;

import java.util.Objects;
import java.util.function.Function;

import org.apache.james.core.Username;
import org.apache.james.protocols.api.Response;

/**
 * Where a SASL exchange stands after the client's last response: the server sends a challenge and waits, the client
 * is authenticated as a user, or the exchange ends with a reply (535, 501, 454...). The AUTH handler runs the steps:
 * it alone talks to the session, so a mechanism is a plain function of the client's responses.
 */
public abstract class SaslStep {

    private SaslStep() {
    }

    /** Sends {@code 334 <challenge>} and gives the client's next line (never the cancel line {@code *}) to {@code next}. */
    public static SaslStep challenge(String base64Challenge, Function<String, SaslStep> next) {
        return new Challenge(base64Challenge, next);
    }

    /**
     * The client's first response: the initial response of the AUTH command when it sent one (RFC 4954 4), else the
     * reply to {@code challenge}.
     */
    public static SaslStep firstResponse(java.util.Optional<String> initialResponse, String base64Challenge,
                                         Function<String, SaslStep> next) {
        return initialResponse.map(next).orElseGet(() -> challenge(base64Challenge, next));
    }

    public static SaslStep authenticated(Username user) {
        return new Authenticated(user);
    }

    /** Ends the exchange with this reply; {@code why} goes to the log, never to the client. */
    public static SaslStep failed(Response reply, String why) {
        return new Failed(reply, why);
    }

    public static final class Challenge extends SaslStep {
        private final String challenge;
        private final Function<String, SaslStep> next;

        private Challenge(String challenge, Function<String, SaslStep> next) {
            this.challenge = Objects.requireNonNull(challenge);
            this.next = Objects.requireNonNull(next);
        }

        public String challenge() {
            return challenge;
        }

        public SaslStep respond(String clientResponse) {
            return next.apply(clientResponse);
        }
    }

    public static final class Authenticated extends SaslStep {
        private final Username user;

        private Authenticated(Username user) {
            this.user = Objects.requireNonNull(user);
        }

        public Username user() {
            return user;
        }
    }

    public static final class Failed extends SaslStep {
        private final Response reply;
        private final String why;

        private Failed(Response reply, String why) {
            this.reply = Objects.requireNonNull(reply);
            this.why = Objects.requireNonNull(why);
        }

        public Response reply() {
            return reply;
        }

        public String why() {
            return why;
        }
    }
}
