package org.jamesmsa.csv;

import java.util.Optional;

/**
 * The verdict on one EHLO name, why, and how many DNS queries it took (cache hits are not queries).
 *
 * @param validatedName the name, only when the verdict is {@link Verdict#PASS}: a name that did not validate is
 *                      never to be presented as the client's identity (draft-crocker-marid-smtp-validate-00 4.1)
 */
public record CsvResult(Verdict verdict, String reason, Optional<String> validatedName, int dnsQueries) {

    static CsvResult pass(String name, String reason, int dnsQueries) {
        return new CsvResult(Verdict.PASS, reason, Optional.of(name), dnsQueries);
    }

    static CsvResult of(Verdict verdict, String reason, int dnsQueries) {
        return new CsvResult(verdict, reason, Optional.empty(), dnsQueries);
    }

    @Override
    public String toString() {
        return verdict.label() + " (" + reason + ")";
    }
}
