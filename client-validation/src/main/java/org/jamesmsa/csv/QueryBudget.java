package org.jamesmsa.csv;

import java.time.Duration;

/**
 * The DNS time one validation may spend (the EHLO budget) and the queries it made. Each query gets the smaller
 * of the per-query timeout and what is left, so that a validation never holds a James thread past its budget.
 */
public final class QueryBudget {
    private final long deadlineNanos;
    private final Duration total;
    private int queries;

    public QueryBudget(Duration total) {
        this.total = total;
        this.deadlineNanos = System.nanoTime() + total.toNanos();
    }

    /** @return the timeout for the next query, or empty when nothing is left */
    public java.util.Optional<Duration> nextQueryTimeout(Duration perQuery) {
        long left = deadlineNanos - System.nanoTime();
        if (left <= 0) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(Duration.ofNanos(Math.min(left, perQuery.toNanos())));
    }

    public void countQuery() {
        queries++;
    }

    public int queries() {
        return queries;
    }

    public String exhausted() {
        return "DNS budget of " + total.toMillis() + " ms exhausted after " + queries + " queries";
    }
}
