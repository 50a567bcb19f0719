package org.jamesmsa.model;

import java.util.Objects;
import java.util.Optional;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeUtils;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;

/**
 * What the SMTP session knew about one accepted message, which James passes to no mailet: the listener and its
 * port, the client's port, the session, the HELO, the trace token, TLS, the EHLO validation verdict and the
 * authenticated user. The hooks {@link #writeTo(Mail)}; the mailets read it back {@link #from(Mail)}. Absent values
 * are absent attributes.
 */
public final class SubmissionFacts {
    private final ListenerRole listener;
    private final int localPort;
    private final int clientPort;
    private final String sessionId;
    private final String heloMode;
    private final String heloName;
    private final String traceId;
    private final String tlsProtocol;
    private final String tlsCipher;
    private final String csvVerdict;
    private final String csvReason;
    private final String csvName;
    private final String authUser;

    private SubmissionFacts(Builder b) {
        this.listener = Objects.requireNonNull(b.listener, "listener");
        this.localPort = b.localPort;
        this.clientPort = b.clientPort;
        this.sessionId = b.sessionId;
        this.heloMode = b.heloMode;
        this.heloName = b.heloName;
        this.traceId = b.traceId;
        this.tlsProtocol = b.tlsProtocol;
        this.tlsCipher = b.tlsCipher;
        this.csvVerdict = b.csvVerdict;
        this.csvReason = b.csvReason;
        this.csvName = b.csvName;
        this.authUser = b.authUser;
    }

    public static Builder builder(ListenerRole listener) {
        return new Builder(listener);
    }

    /**
     * The facts an SMTP listener of this MSA left on the Mail; empty for mail that no listener accepted (bounces and
     * notices James makes itself), or whose listener attribute is not a role.
     */
    public static Optional<SubmissionFacts> from(Mail mail) {
        Optional<ListenerRole> role = text(mail, MsaAttributes.LISTENER).flatMap(ListenerRole::fromLabel);
        if (role.isEmpty()) {
            return Optional.empty();
        }
        Builder facts = builder(role.get())
            .ports(number(mail, MsaAttributes.LOCAL_PORT), number(mail, MsaAttributes.CLIENT_PORT))
            .sessionId(text(mail, MsaAttributes.SESSION_ID).orElse(null))
            .helo(text(mail, MsaAttributes.HELO_MODE).orElse(null), text(mail, MsaAttributes.HELO_NAME).orElse(null))
            .traceId(text(mail, MsaAttributes.TRACE_ID).orElse(null))
            .tls(text(mail, MsaAttributes.TLS_PROTOCOL).orElse(null), text(mail, MsaAttributes.TLS_CIPHER).orElse(null))
            .csv(text(mail, MsaAttributes.CSV_VERDICT).orElse(null), text(mail, MsaAttributes.CSV_REASON).orElse(null),
                text(mail, MsaAttributes.CSV_NAME).orElse(null))
            .authUser(text(mail, MsaAttributes.AUTH_USER).orElse(null));
        return Optional.of(facts.build());
    }

    /** Sets every present fact as an attribute of the Mail. */
    public void writeTo(Mail mail) {
        set(mail, MsaAttributes.LISTENER, listener.label());
        mail.setAttribute(new Attribute(MsaAttributes.LOCAL_PORT, AttributeValue.of(localPort)));
        mail.setAttribute(new Attribute(MsaAttributes.CLIENT_PORT, AttributeValue.of(clientPort)));
        set(mail, MsaAttributes.SESSION_ID, sessionId);
        set(mail, MsaAttributes.HELO_MODE, heloMode);
        set(mail, MsaAttributes.HELO_NAME, heloName);
        set(mail, MsaAttributes.TRACE_ID, traceId);
        set(mail, MsaAttributes.TLS_PROTOCOL, tlsProtocol);
        set(mail, MsaAttributes.TLS_CIPHER, tlsCipher);
        set(mail, MsaAttributes.CSV_VERDICT, csvVerdict);
        set(mail, MsaAttributes.CSV_REASON, csvReason);
        set(mail, MsaAttributes.CSV_NAME, csvName);
        set(mail, MsaAttributes.AUTH_USER, authUser);
    }

    private static void set(Mail mail, AttributeName name, String value) {
        if (value != null) {
            mail.setAttribute(new Attribute(name, AttributeValue.of(value)));
        }
    }

    private static Optional<String> text(Mail mail, AttributeName name) {
        return AttributeUtils.getValueAndCastFromMail(mail, name, String.class);
    }

    private static int number(Mail mail, AttributeName name) {
        return AttributeUtils.getValueAndCastFromMail(mail, name, Integer.class).orElse(0);
    }

    public ListenerRole listener() {
        return listener;
    }

    public int localPort() {
        return localPort;
    }

    public int clientPort() {
        return clientPort;
    }

    public Optional<String> sessionId() {
        return Optional.ofNullable(sessionId);
    }

    public Optional<String> heloMode() {
        return Optional.ofNullable(heloMode);
    }

    public Optional<String> heloName() {
        return Optional.ofNullable(heloName);
    }

    public Optional<String> traceId() {
        return Optional.ofNullable(traceId);
    }

    /** Empty when the session was not encrypted. */
    public Optional<String> tlsProtocol() {
        return Optional.ofNullable(tlsProtocol);
    }

    public Optional<String> tlsCipher() {
        return Optional.ofNullable(tlsCipher);
    }

    public Optional<String> csvVerdict() {
        return Optional.ofNullable(csvVerdict);
    }

    public Optional<String> csvReason() {
        return Optional.ofNullable(csvReason);
    }

    /** The EHLO name, present only when it passed validation. */
    public Optional<String> csvName() {
        return Optional.ofNullable(csvName);
    }

    public Optional<String> authUser() {
        return Optional.ofNullable(authUser);
    }

    /** An authenticated submission: a submission listener and a user. MX mail never is, whatever its session. */
    public boolean isAuthenticatedSubmission() {
        return listener.isSubmission() && authUser != null;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof SubmissionFacts)) {
            return false;
        }
        SubmissionFacts that = (SubmissionFacts) other;
        return listener == that.listener && localPort == that.localPort && clientPort == that.clientPort
            && Objects.equals(sessionId, that.sessionId) && Objects.equals(heloMode, that.heloMode)
            && Objects.equals(heloName, that.heloName) && Objects.equals(traceId, that.traceId)
            && Objects.equals(tlsProtocol, that.tlsProtocol) && Objects.equals(tlsCipher, that.tlsCipher)
            && Objects.equals(csvVerdict, that.csvVerdict) && Objects.equals(csvReason, that.csvReason)
            && Objects.equals(csvName, that.csvName) && Objects.equals(authUser, that.authUser);
    }

    @Override
    public int hashCode() {
        return Objects.hash(listener, localPort, clientPort, sessionId, heloMode, heloName, traceId, tlsProtocol,
            tlsCipher, csvVerdict, csvReason, csvName, authUser);
    }

    @Override
    public String toString() {
        return "SubmissionFacts[" + listener.label() + ":" + localPort + ", session " + sessionId + ", trace " + traceId
            + ", user " + authUser + ", tls " + tlsProtocol + ", csv " + csvVerdict + "]";
    }

    public static final class Builder {
        private final ListenerRole listener;
        private int localPort;
        private int clientPort;
        private String sessionId;
        private String heloMode;
        private String heloName;
        private String traceId;
        private String tlsProtocol;
        private String tlsCipher;
        private String csvVerdict;
        private String csvReason;
        private String csvName;
        private String authUser;

        private Builder(ListenerRole listener) {
            this.listener = listener;
        }

        public Builder ports(int local, int client) {
            localPort = local;
            clientPort = client;
            return this;
        }

        public Builder sessionId(String value) {
            sessionId = value;
            return this;
        }

        public Builder helo(String mode, String name) {
            heloMode = mode;
            heloName = name;
            return this;
        }

        public Builder traceId(String value) {
            traceId = value;
            return this;
        }

        /** Both null for a session without TLS. */
        public Builder tls(String protocol, String cipher) {
            tlsProtocol = protocol;
            tlsCipher = cipher;
            return this;
        }

        /** @param validatedName the EHLO name when the verdict is pass, else null */
        public Builder csv(String verdict, String reason, String validatedName) {
            csvVerdict = verdict;
            csvReason = reason;
            csvName = validatedName;
            return this;
        }

        public Builder authUser(String value) {
            authUser = value;
            return this;
        }

        public SubmissionFacts build() {
            return new SubmissionFacts(this);
        }
    }
}
