package org.jamesmsa.contracts;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The name of this node among the nodes of one service (MSA_NODE_ID; default the host name): written in every audit
 * record, labelled on every metric and printed on every log line, so that a record, a figure or a line read from a
 * merged store says which node it came from. The launcher sets the system property; a drop-in sets it with
 * {@code -Dmsa.node.id=...}, or gets the machine's name.
 */
public final class NodeId {
    public static final String PROPERTY = "msa.node.id";
    /** Written in file names, log lines and a metric label: no spaces, quotes or slashes. */
    public static final Pattern SYNTAX = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    private NodeId() {
    }

    /** Asked for every message: the machine's name, a resolver lookup, is looked up once. */
    private static final class Machine {
        static final String NAME = MachineName.canonical();
    }

    public static String current() {
        return Optional.ofNullable(System.getProperty(PROPERTY)).filter(id -> SYNTAX.matcher(id).matches())
            .orElseGet(() -> Machine.NAME);
    }
}
