package org.jamesmsa.contracts;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.apache.mailet.Mail;

/**
 * What the SMTP session knew about one accepted message, which James passes to no mailet: the listener's role, and
 * the {@link SessionFact}s (ports, session, HELO, trace token, TLS, the EHLO validation verdict, the
 * user). The hooks {@link #writeTo(Mail)}; the mailets read it back {@link #from(Mail)}. Absent facts are absent
 * attributes.
 */
public final class SubmissionFacts {
    private final ListenerRole listener;
    private final Map<SessionFact, Object> facts;

    private SubmissionFacts(ListenerRole listener, Map<SessionFact, Object> facts) {
        this.listener = Objects.requireNonNull(listener, "listener");
        this.facts = Map.copyOf(facts);
    }

    public static Builder builder(ListenerRole listener) {
        return new Builder(listener);
    }

    /**
     * The facts an SMTP listener of this MSA left on the Mail; empty for mail that no listener accepted (bounces and
     * notices James makes itself), or whose listener attribute is not a role.
     */
    public static Optional<SubmissionFacts> from(Mail mail) {
        Optional<ListenerRole> role = SessionFact.LISTENER.valueIn(mail, String.class).flatMap(ListenerRole::fromLabel);
        if (role.isEmpty()) {
            return Optional.empty();
        }
        Builder facts = builder(role.get());
        for (SessionFact fact : SessionFact.values()) {
            if (fact != SessionFact.LISTENER) {
                fact.valueIn(mail, fact.type()).ifPresent(value -> facts.put(fact, value));
            }
        }
        return Optional.of(facts.build());
    }

    /** Sets the role and every present fact as attributes of the Mail. */
    public void writeTo(Mail mail) {
        SessionFact.LISTENER.writeTo(mail, listener.label());
        facts.forEach((fact, value) -> fact.writeTo(mail, value));
    }

    public ListenerRole listener() {
        return listener;
    }

    /** A text fact ({@link SessionFact#TRACE_ID}, {@link SessionFact#TLS_PROTOCOL}...), empty when absent. */
    public Optional<String> text(SessionFact fact) {
        fact.requireType(String.class);
        return Optional.ofNullable(facts.get(fact)).map(String.class::cast);
    }

    /** A number fact ({@link SessionFact#LOCAL_PORT}, {@link SessionFact#CLIENT_PORT}...), 0 when absent. */
    public int number(SessionFact fact) {
        fact.requireType(Integer.class);
        return Optional.ofNullable(facts.get(fact)).map(Integer.class::cast).orElse(0);
    }


    public Optional<String> authUser() {
        return text(SessionFact.AUTH_USER);
    }

    /** An authenticated submission: a submission listener and a user. MX mail never is, whatever its session. */
    public boolean isAuthenticatedSubmission() {
        return listener.isSubmission() && authUser().isPresent();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SubmissionFacts && listener == ((SubmissionFacts) other).listener
            && facts.equals(((SubmissionFacts) other).facts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(listener, facts);
    }

    @Override
    public String toString() {
        return "SubmissionFacts[" + listener.label() + ", " + facts + "]";
    }

    public static final class Builder {
        private final ListenerRole listener;
        private final Map<SessionFact, Object> facts = new LinkedHashMap<>();

        private Builder(ListenerRole listener) {
            this.listener = listener;
        }

        /** A text fact; null leaves it absent. */
        public Builder with(SessionFact fact, String value) {
            Optional.ofNullable(value).ifPresent(text -> put(fact, text));
            return this;
        }

        /** A number fact. */
        public Builder with(SessionFact fact, int value) {
            return put(fact, value);
        }

        /** A yes-or-no fact. */
        public Builder with(SessionFact fact, boolean value) {
            return put(fact, value);
        }

        private Builder put(SessionFact fact, Object value) {
            if (fact == SessionFact.LISTENER) {
                throw new IllegalArgumentException("the listener's role is given to builder(), not as a fact");
            }
            fact.requireType(value.getClass());
            facts.put(fact, value);
            return this;
        }

        public SubmissionFacts build() {
            return new SubmissionFacts(listener, facts);
        }
    }
}
