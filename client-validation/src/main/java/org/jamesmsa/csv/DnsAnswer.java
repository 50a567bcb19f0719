package org.jamesmsa.csv;

import java.util.List;

import org.xbill.DNS.Record;

/**
 * What DNS said about one name and type, as the validator needs it: the records found (with the additional
 * section), nothing (NXDOMAIN or no data), a temporary error, or data that can never resolve (a CNAME loop, an
 * overlong chain: a permanent failure, unlike an error). Both a single query and a CNAME-following resolution
 * answer with it; {@code ttlSeconds} is what the cache may keep it for.
 */
public final class DnsAnswer {

    public enum Status { FOUND, NOT_FOUND, ERROR, BROKEN }

    private final Status status;
    private final List<Record> records;
    private final List<Record> additional;
    private final long ttlSeconds;
    private final String detail;

    public DnsAnswer(Status status, List<Record> records, List<Record> additional, long ttlSeconds, String detail) {
        this.status = status;
        this.records = List.copyOf(records);
        this.additional = List.copyOf(additional);
        this.ttlSeconds = ttlSeconds;
        this.detail = detail;
    }

    public static DnsAnswer of(Status status, String detail) {
        return new DnsAnswer(status, List.of(), List.of(), 0, detail);
    }

    public static DnsAnswer error(String detail) {
        return of(Status.ERROR, detail);
    }

    public Status status() {
        return status;
    }

    public List<Record> records() {
        return records;
    }

    public List<Record> additional() {
        return additional;
    }

    public long ttlSeconds() {
        return ttlSeconds;
    }

    public String detail() {
        return detail;
    }

    public boolean isError() {
        return status == Status.ERROR;
    }
}
