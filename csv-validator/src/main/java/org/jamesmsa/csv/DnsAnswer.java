package org.jamesmsa.csv;

import java.util.List;

/**
 * One DNS answer as the validator needs it: found (answer section, additional section), not found (NXDOMAIN or
 * no data), or an error with its reason.
 */
record DnsAnswer(Status status, List<org.xbill.DNS.Record> answers, List<org.xbill.DNS.Record> additional,
                 long ttlSeconds, String detail) {

    enum Status { FOUND, NOT_FOUND, ERROR }

    static DnsAnswer error(String detail) {
        return new DnsAnswer(Status.ERROR, List.of(), List.of(), 0, detail);
    }

    boolean isError() {
        return status == Status.ERROR;
    }
}
