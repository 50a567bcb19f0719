package org.jamesmsa.contracts;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.apache.james.core.Username;

/**
 * Accounts an operator stopped at once, typically a stolen login sending spam: a suspended user gets
 * {@code 535 5.7.8} at AUTH, its open sessions get {@code 550 5.7.1} at the next MAIL, and its queued mail is held
 * until it is resumed (mailet {@code SuspendedSender}). Deleting the account would lose the audit trail's subject and
 * its mail; suspending keeps both. A file on one node, the shared database for several; another store implements
 * this interface and is bound in the Guice module.
 */
public interface Suspensions {

    /** Who stopped the account, when, and why: what the audit record and the operator's listing show. */
    final class Suspension {
        private final Username user;
        private final Instant since;
        private final String by;
        private final String reason;

        public Suspension(Username user, Instant since, String by, String reason) {
            this.user = Objects.requireNonNull(user, "user");
            this.since = Objects.requireNonNull(since, "since").truncatedTo(ChronoUnit.SECONDS);
            this.by = oneLine(by, "by");
            this.reason = oneLine(reason, "reason");
        }

        /** Both texts go into one line of a file and of the log: a line break would forge another entry. */
        private static String oneLine(String text, String name) {
            Objects.requireNonNull(text, name);
            if (text.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw new IllegalArgumentException(name + " must be one line of printable text");
            }
            return text.strip();
        }

        public Username user() {
            return user;
        }

        public Instant since() {
            return since;
        }

        public String by() {
            return by;
        }

        public String reason() {
            return reason;
        }

        @Override
        public boolean equals(Object other) {
            if (!(other instanceof Suspension)) {
                return false;
            }
            Suspension that = (Suspension) other;
            return user.equals(that.user) && since.equals(that.since) && by.equals(that.by) && reason.equals(that.reason);
        }

        @Override
        public int hashCode() {
            return Objects.hash(user, since, by, reason);
        }

        @Override
        public String toString() {
            return user.asString() + " suspended since " + since + " by " + by + (reason.isEmpty() ? "" : ": " + reason);
        }
    }

    /** The user's suspension, or empty when the account may send. Answered from memory: it is asked at every AUTH and MAIL. */
    Optional<Suspension> of(Username user);

    /** Every suspended account, by login, sorted. */
    Map<Username, Suspension> all();

    /** Suspends the account (again: the newer reason replaces the older one), on every node. */
    void suspend(Suspension suspension);

    /** True when the user was suspended. */
    boolean resume(Username user);
}
