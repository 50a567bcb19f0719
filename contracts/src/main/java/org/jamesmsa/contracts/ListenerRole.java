package org.jamesmsa.contracts;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What an SMTP listener is for, given by the handlers of its chain and never by its port number: MX traffic (mail for
 * local users from anyone, no AUTH), or submission of authenticated users with STARTTLS (587) or implicit TLS (465).
 */
public enum ListenerRole {
    MX,
    SUBMISSION,
    SUBMISSIONS;

    /** The lower-case name used in configuration, trace headers and audit records. */
    public String label() {
        return name().toLowerCase(Locale.US);
    }

    public boolean isSubmission() {
        return this != MX;
    }

    public static Optional<ListenerRole> fromLabel(String label) {
        return Arrays.stream(values()).filter(role -> role.label().equals(label)).findFirst();
    }
}
