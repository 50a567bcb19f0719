package org.jamesmsa.csv;

import java.util.Locale;

/**
 * The closed set of outcomes of a client validation. Each comes with a reason (see {@link CsvResult}) that an
 * operator can read in the log.
 */
public enum Verdict {
    /** The name is associated with the client's address and authorized to act as an SMTP client. */
    PASS,
    /** The name's owner says it must not be used by SMTP clients. */
    PROHIBITED,
    /** Not associated with the address, an invalid registration, or not a name that can be validated. */
    FAIL,
    /** The name's owner makes no statement: there is no usable record. */
    NONE,
    /** DNS could not answer in time (timeout, SERVFAIL, malformed answer, budget exhausted). */
    TEMPERROR;

    /** The lower-case name used in configuration, logs and Mail attributes. */
    public String label() {
        return name().toLowerCase(Locale.US);
    }
}
