package org.jamesmsa.smtp.limits;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import org.apache.james.core.Username;

/**
 * Per-user exceptions to the hourly sending limits, for the accounts that legitimately send more (a newsletter) or
 * should send less. The bundle keeps them in a file that webadmin edits ({@code /msa/user-limits}); another store
 * is one implementation of this interface bound in the Guice module.
 */
public interface UserQuotas {

    /** Messages and recipients per hour; 0 lifts that limit for the user. */
    final class Quota {
        private final int messages;
        private final int recipients;

        public Quota(int messages, int recipients) {
            if (messages < 0 || recipients < 0) {
                throw new IllegalArgumentException("a quota is 0 (no limit) or more, not " + messages + ", " + recipients);
            }
            this.messages = messages;
            this.recipients = recipients;
        }

        public int messages() {
            return messages;
        }

        public int recipients() {
            return recipients;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Quota && ((Quota) other).messages == messages && ((Quota) other).recipients == recipients;
        }

        @Override
        public int hashCode() {
            return Objects.hash(messages, recipients);
        }

        @Override
        public String toString() {
            return messages + " messages, " + recipients + " recipients per hour";
        }
    }

    /** The user's own quota, or empty when the listener's numbers apply. */
    Optional<Quota> of(Username user);

    static UserQuotas none() {
        return user -> Optional.empty();
    }

    static UserQuotas fixed(Map<Username, Quota> quotas) {
        Map<Username, Quota> copy = Map.copyOf(quotas);
        return user -> Optional.ofNullable(copy.get(user));
    }
}
