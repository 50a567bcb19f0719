package org.jamesmsa.smtp.limits;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import javax.inject.Inject;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.smtp.SMTPRetCode;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.MailHook;
import org.apache.james.protocols.smtp.hook.RcptHook;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Mail;
import org.jamesmsa.contracts.MsaMetrics;
import org.jamesmsa.settings.Settings;
import org.jamesmsa.settings.ValueType;
import org.jamesmsa.smtp.SmtpReplies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The sending limits of a listener, counted across every listener (and, with Redis, every node): recipients per
 * message ({@code 452 4.5.3} for the ones past it, RFC 5321 4.5.3.1.10), messages and recipients per hour of an
 * authenticated user, and messages per hour of an unauthenticated client address (MX traffic). An hourly limit
 * refuses with {@code 451 4.7.1} naming it. Every refusal is logged with the user, the address and the limit.
 *
 * <pre>{@code
 * <handler class="org.jamesmsa.smtp.limits.SendingLimitsHook">
 *     <!-- 0 turns a limit off. Per-user exceptions: conf/user-limits.properties. -->
 *     <recipientsPerMessage>100</recipientsPerMessage>
 *     <userMessagesPerHour>200</userMessagesPerHour>
 *     <userRecipientsPerHour>1000</userRecipientsPerHour>
 *     <addressMessagesPerHour>600</addressMessagesPerHour>
 * </handler>
 * }</pre>
 */
public class SendingLimitsHook implements MailHook, RcptHook, JamesMessageHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(SendingLimitsHook.class);
    private static final Duration HOUR = Duration.ofHours(1);

    private final RateLimiter counters;
    private final UserQuotas quotas;
    private final Set<SendingLimit> extraLimits;
    private final MsaMetrics metrics;
    private List<SendingLimit> limits = List.of();

    @Inject
    public SendingLimitsHook(RateLimiter counters, UserQuotas quotas, Set<SendingLimit> extraLimits, MsaMetrics metrics) {
        this.counters = counters;
        this.quotas = quotas;
        this.extraLimits = extraLimits;
        this.metrics = metrics;
    }

    @Override
    public void init(Configuration config) throws ConfigurationException {
        Settings settings = Settings.ofHandler(config, getClass(),
            List.of("recipientsPerMessage", "userMessagesPerHour", "userRecipientsPerHour", "addressMessagesPerHour"));
        List<SendingLimit> configured = new ArrayList<>();
        int perMessage = settings.get("recipientsPerMessage", ValueType.COUNT_OR_OFF, 100);
        if (perMessage > 0) {
            configured.add(recipientsPerMessage(perMessage));
        }
        int userMessages = settings.get("userMessagesPerHour", ValueType.COUNT_OR_OFF, 200);
        int userRecipients = settings.get("userRecipientsPerHour", ValueType.COUNT_OR_OFF, 1000);
        if (userMessages > 0 || userRecipients > 0) {
            configured.add(new UserHourlyLimit(counters, quotas, new UserQuotas.Quota(userMessages, userRecipients)));
        }
        int addressMessages = settings.get("addressMessagesPerHour", ValueType.COUNT_OR_OFF, 600);
        if (addressMessages > 0) {
            configured.add(addressHourly(addressMessages));
        }
        configured.addAll(extraLimits);
        limits = List.copyOf(configured);
    }

    private static SendingLimit recipientsPerMessage(int max) {
        return new SendingLimit() {
            @Override
            public String name() {
                return "recipients_per_message";
            }

            @Override
            public Optional<HookResult> atRcpt(LimitedClient client, int acceptedSoFar) {
                return acceptedSoFar < max ? Optional.empty() : Optional.of(SmtpReplies.denySoft(SMTPRetCode.SYSTEM_STORAGE_ERROR,
                    "4.5.3", "Too many recipients: at most " + max + " per message; send the rest in another message"));
            }
        };
    }

    /** Unauthenticated clients (MX traffic), per address. */
    private SendingLimit addressHourly(int max) {
        return new SendingLimit() {
            @Override
            public String name() {
                return "address_hourly";
            }

            @Override
            public Optional<HookResult> atMail(LimitedClient client) {
                if (client.user().isPresent() || counters.count(key(client), HOUR) < max) {
                    return Optional.empty();
                }
                return Optional.of(hourlyRefusal("at most " + max + " messages per hour from your address"));
            }

            @Override
            public void accepted(LimitedClient client, int recipients) {
                if (client.user().isEmpty()) {
                    counters.add(key(client), 1, HOUR);
                }
            }

            private String key(LimitedClient client) {
                return "address-messages:" + client.address();
            }
        };
    }

    static HookResult hourlyRefusal(String limit) {
        return SmtpReplies.denySoft(SMTPRetCode.LOCAL_ERROR, "4.7.1", "Sending limit reached: " + limit + "; try again later");
    }

    @Override
    public HookResult doMail(SMTPSession session, MaybeSender sender) {
        LimitedClient client = LimitedClient.of(session);
        return firstRefusal(session, client, "MAIL", limit -> limit.atMail(client));
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress rcpt) {
        int acceptedSoFar = session.getAttachment(SMTPSession.RCPT_LIST, State.Transaction).map(List::size).orElse(0);
        LimitedClient client = LimitedClient.of(session);
        return firstRefusal(session, client, "RCPT " + rcpt.asString(), limit -> limit.atRcpt(client, acceptedSoFar));
    }

    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        LimitedClient client = LimitedClient.of(session);
        limits.forEach(limit -> limit.accepted(client, mail.getRecipients().size()));
        return HookResult.DECLINED;
    }

    private HookResult firstRefusal(SMTPSession session, LimitedClient client, String command,
                                    Function<SendingLimit, Optional<HookResult>> ask) {
        for (SendingLimit limit : limits) {
            Optional<HookResult> refusal = ask.apply(limit);
            if (refusal.isPresent()) {
                metrics.limitRefused(limit.name());
                LOGGER.info("{} refused for {} in session {} by {}: {}", command, client, session.getSessionID(),
                    limit.name(), refusal.get().getSmtpDescription());
                return refusal.get();
            }
        }
        return HookResult.DECLINED;
    }
}
