package org.jamesmsa.csv;

import java.util.List;

import org.xbill.DNS.Record;

/**
 * The records of one type for a name after following CNAMEs. BROKEN is data that can never resolve (a CNAME
 * loop, an overlong chain): a permanent failure, unlike ERROR.
 */
record Resolution(Status status, List<Record> records, List<Record> additional, String detail) {

    enum Status { FOUND, NOT_FOUND, ERROR, BROKEN }

    static Resolution of(Status status, String detail) {
        return new Resolution(status, List.of(), List.of(), detail);
    }
}
