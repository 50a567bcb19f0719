package org.jamesmsa.smtp.limits;

import java.time.Duration;
import java.util.Optional;

import org.apache.james.core.Username;
import org.apache.james.protocols.smtp.hook.HookResult;

/**
 * Messages and recipients per hour of an authenticated user, counted on every listener: a stolen password must not
 * turn the MSA into a spam cannon. A user of {@link UserQuotas} has their own numbers.
 */
final class UserHourlyLimit implements SendingLimit {
    private static final Duration HOUR = Duration.ofHours(1);

    private final RateLimiter counters;
    private final UserQuotas quotas;
    private final UserQuotas.Quota standard;

    UserHourlyLimit(RateLimiter counters, UserQuotas quotas, UserQuotas.Quota standard) {
        this.counters = counters;
        this.quotas = quotas;
        this.standard = standard;
    }

    @Override
    public String name() {
        return "user_hourly";
    }

    @Override
    public Optional<HookResult> atMail(LimitedClient client) {
        return client.user().flatMap(user -> {
            int max = quotaOf(user).messages();
            return max > 0 && counters.count(messages(user), HOUR) >= max
                ? Optional.of(SendingLimitsHook.hourlyRefusal("at most " + max + " messages per hour for " + user.asString()))
                : Optional.empty();
        });
    }

    @Override
    public Optional<HookResult> atRcpt(LimitedClient client, int acceptedSoFar) {
        return client.user().flatMap(user -> {
            int max = quotaOf(user).recipients();
            return max > 0 && counters.count(recipients(user), HOUR) + acceptedSoFar >= max
                ? Optional.of(SendingLimitsHook.hourlyRefusal("at most " + max + " recipients per hour for " + user.asString()))
                : Optional.empty();
        });
    }

    @Override
    public void accepted(LimitedClient client, int recipientCount) {
        client.user().ifPresent(user -> {
            counters.add(messages(user), 1, HOUR);
            counters.add(recipients(user), recipientCount, HOUR);
        });
    }

    private UserQuotas.Quota quotaOf(Username user) {
        return quotas.of(user).orElse(standard);
    }

    private static String messages(Username user) {
        return "user-messages:" + user.asString();
    }

    private static String recipients(Username user) {
        return "user-recipients:" + user.asString();
    }
}
