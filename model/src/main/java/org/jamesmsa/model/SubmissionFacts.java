package org.jamesmsa.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;

/**
 * What the SMTP session knew about one accepted message, which James passes to no mailet: the listener's role, and
 * the facts named by {@link MsaAttributes} (ports, session, HELO, trace token, TLS, the EHLO validation verdict, the
 * user). The hooks {@link #writeTo(Mail)}; the mailets read it back {@link #from(Mail)}. Absent facts are absent
 * attributes.
 */
public final class SubmissionFacts {
    private final ListenerRole listener;
    private final Map<AttributeName, Object> facts;

    private SubmissionFacts(ListenerRole listener, Map<AttributeName, Object> facts) {
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
        Optional<ListenerRole> role = AttributeUtils.getValueAndCastFromMail(mail, MsaAttributes.LISTENER, String.class)
            .flatMap(ListenerRole::fromLabel);
        if (role.isEmpty()) {
            return Optional.empty();
        }
        Builder facts = builder(role.get());
        MsaAttributes.TEXTS.forEach(name -> AttributeUtils.getValueAndCastFromMail(mail, name, String.class)
            .ifPresent(value -> facts.with(name, value)));
        MsaAttributes.NUMBERS.forEach(name -> AttributeUtils.getValueAndCastFromMail(mail, name, Integer.class)
            .ifPresent(value -> facts.with(name, value)));
        return Optional.of(facts.build());
    }

    /** Sets the role and every present fact as attributes of the Mail. */
    public void writeTo(Mail mail) {
        mail.setAttribute(new Attribute(MsaAttributes.LISTENER, AttributeValue.of(listener.label())));
        facts.forEach((name, value) -> mail.setAttribute(new Attribute(name, AttributeValue.ofAny(value))));
    }

    public ListenerRole listener() {
        return listener;
    }

    /** A text fact ({@link MsaAttributes#TRACE_ID}, {@link MsaAttributes#TLS_PROTOCOL}...), empty when absent. */
    public Optional<String> text(AttributeName name) {
        return Optional.ofNullable(facts.get(name)).filter(String.class::isInstance).map(String.class::cast);
    }

    /** A number fact ({@link MsaAttributes#LOCAL_PORT}, {@link MsaAttributes#CLIENT_PORT}), 0 when absent. */
    public int number(AttributeName name) {
        return Optional.ofNullable(facts.get(name)).filter(Integer.class::isInstance).map(Integer.class::cast).orElse(0);
    }

    public Optional<String> authUser() {
        return text(MsaAttributes.AUTH_USER);
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
        private final Map<AttributeName, Object> facts = new LinkedHashMap<>();

        private Builder(ListenerRole listener) {
            this.listener = listener;
        }

        /** A text fact of {@link MsaAttributes}; null leaves it absent. */
        public Builder with(AttributeName name, String value) {
            requireOneOf(MsaAttributes.TEXTS, name);
            Optional.ofNullable(value).ifPresent(text -> facts.put(name, text));
            return this;
        }

        /** A number fact of {@link MsaAttributes}. */
        public Builder with(AttributeName name, int value) {
            requireOneOf(MsaAttributes.NUMBERS, name);
            facts.put(name, value);
            return this;
        }

        private static void requireOneOf(java.util.List<AttributeName> kind, AttributeName name) {
            if (!kind.contains(name)) {
                throw new IllegalArgumentException(name.asString() + " is not a fact of this kind (see MsaAttributes)");
            }
        }

        public SubmissionFacts build() {
            return new SubmissionFacts(listener, facts);
        }
    }
}
