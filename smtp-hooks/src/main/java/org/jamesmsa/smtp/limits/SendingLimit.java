package org.jamesmsa.smtp.limits;

import java.util.Optional;

import org.apache.james.protocols.smtp.hook.HookResult;

/**
 * One limit on sending, asked by {@link SendingLimitsHook} at MAIL, at each RCPT, and told of each accepted message.
 * The first limit that refuses decides. To add one, implement this interface and add it to the set bound in the
 * bundle's Guice module ({@code Multibinder.newSetBinder(binder(), SendingLimit.class)}); it then applies on every
 * listener that has the hook.
 */
public interface SendingLimit {

    /** The limit's name in logs and in the metric {@code msa_limit_refused_<name>}. */
    default String name() {
        return getClass().getSimpleName();
    }

    /** A refusal of the transaction at MAIL FROM, or empty. */
    default Optional<HookResult> atMail(LimitedClient client) {
        return Optional.empty();
    }

    /** A refusal of one more recipient, given the recipients already accepted in this transaction, or empty. */
    default Optional<HookResult> atRcpt(LimitedClient client, int acceptedSoFar) {
        return Optional.empty();
    }

    /** A message was accepted for {@code recipients} recipients. */
    default void accepted(LimitedClient client, int recipients) {
    }
}
