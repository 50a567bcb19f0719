package org.jamesmsa.contracts;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** The name this machine gives itself, the default host name when the operator names none. */
public final class MachineName {
    private MachineName() {
    }

    /** The canonical (fully qualified when the resolver knows it) name, or {@code localhost} when there is none. */
    public static String canonical() {
        try {
            return InetAddress.getLocalHost().getCanonicalHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
