package org.jamesmsa.csv;

import java.util.Objects;
import java.util.Optional;

/**
 * The verdict on one EHLO name, why, and how many DNS queries it took (cache hits are not queries).
 * {@link #validatedName()} is present only when the verdict is {@link Verdict#PASS}: a name that did not validate
 * is never to be presented as the client's identity (draft-crocker-marid-smtp-validate-00 4.1).
 */
public final class CsvResult {
    private final Verdict verdict;
    private final String reason;
    private final Optional<String> validatedName;
    private final int dnsQueries;

    public CsvResult(Verdict verdict, String reason, Optional<String> validatedName, int dnsQueries) {
        this.verdict = Objects.requireNonNull(verdict);
        this.reason = Objects.requireNonNull(reason);
        this.validatedName = Objects.requireNonNull(validatedName);
        this.dnsQueries = dnsQueries;
    }

    static CsvResult pass(String name, String reason, int dnsQueries) {
        return new CsvResult(Verdict.PASS, reason, Optional.of(name), dnsQueries);
    }

    static CsvResult of(Verdict verdict, String reason, int dnsQueries) {
        return new CsvResult(verdict, reason, Optional.empty(), dnsQueries);
    }

    public Verdict verdict() {
        return verdict;
    }

    public String reason() {
        return reason;
    }

    public Optional<String> validatedName() {
        return validatedName;
    }

    public int dnsQueries() {
        return dnsQueries;
    }

    @Override
    public boolean equals(Object other) {
        if (!(other instanceof CsvResult)) {
            return false;
        }
        CsvResult that = (CsvResult) other;
        return verdict == that.verdict && reason.equals(that.reason) && validatedName.equals(that.validatedName)
            && dnsQueries == that.dnsQueries;
    }

    @Override
    public int hashCode() {
        return Objects.hash(verdict, reason, validatedName, dnsQueries);
    }

    @Override
    public String toString() {
        return verdict.label() + " (" + reason + ")";
    }
}
