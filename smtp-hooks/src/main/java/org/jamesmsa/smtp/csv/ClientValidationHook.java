package org.jamesmsa.smtp.csv;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.commons.configuration2.Configuration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.MailAddress;
import org.apache.james.core.MaybeSender;
import org.apache.james.protocols.api.ProtocolSession.AttachmentKey;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.smtp.SMTPRetCode;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.dsn.DSNStatus;
import org.apache.james.protocols.smtp.hook.HeloHook;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.RcptHook;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeName;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.Mail;
import org.jamesmsa.csv.ClientValidator;
import org.jamesmsa.csv.CsvResult;
import org.jamesmsa.csv.DnsCache;
import org.jamesmsa.csv.DnsClient;
import org.jamesmsa.csv.Profile;
import org.jamesmsa.csv.ValidatorSettings;
import org.jamesmsa.csv.Verdict;
import org.jamesmsa.smtp.HandlerSettings;
import org.jamesmsa.smtp.SmtpReplies;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client SMTP Validation of the HELO/EHLO name: the verdict is computed when the client says EHLO, logged,
 * acted on at RCPT (where clients handle refusals well), and copied onto every accepted Mail as the attributes
 * {@value #VERDICT_ATTRIBUTE}, {@value #REASON_ATTRIBUTE} and, for a passing name only,
 * {@value #NAME_ATTRIBUTE}. Authenticated clients are never refused for their EHLO name.
 *
 * <pre>{@code
 * <handler class="org.jamesmsa.smtp.csv.ClientValidationHook">
 *     <!-- csv (draft-crocker-marid-smtp-validate-00) or csa (Exim's verify = csa). Default: csv. -->
 *     <profile>csv</profile>
 *     <!-- false skips validation (no DNS, no verdict). Default: true. -->
 *     <validate>true</validate>
 *     <!-- What to do per verdict: accept, reject (550 5.7.1) or tempfail (451 4.4.3).
 *          Defaults: reject prohibited, accept the rest. -->
 *     <onPass>accept</onPass>
 *     <onProhibited>reject</onProhibited>
 *     <onFail>accept</onFail>
 *     <onNone>accept</onNone>
 *     <onTempError>accept</onTempError>
 *     <!-- CSV: names under these domains are associated by forward A/AAAA records alone. Default: none. -->
 *     <wellKnownDomains>example.com, example.net</wellKnownDomains>
 *     <!-- Resolvers as ip[:port], comma-separated. Default (empty): the system's resolvers. -->
 *     <dnsServers>127.0.0.1:53</dnsServers>
 *     <!-- Milliseconds per DNS query, and for the whole validation of one EHLO. Defaults: 1000, 2000. -->
 *     <queryTimeout>1000</queryTimeout>
 *     <budget>2000</budget>
 *     <!-- Cached answers, and the longest time one is kept whatever its TTL (seconds). Defaults: 10000, 86400. -->
 *     <cacheSize>10000</cacheSize>
 *     <cacheMaxTtl>86400</cacheMaxTtl>
 *     <!-- CSA: parent domains searched, and whether address literals are checked by reverse name. -->
 *     <csaSearchLimit>5</csaSearchLimit>
 *     <csaUseReverse>true</csaUseReverse>
 * </handler>
 * }</pre>
 *
 * <p>The DNS work happens on James's thread at EHLO, bounded by {@code budget}: past it the verdict is
 * temperror, never a hung session.</p>
 */
public class ClientValidationHook implements HeloHook, RcptHook, JamesMessageHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(ClientValidationHook.class);

    public static final String VERDICT_ATTRIBUTE = "org.jamesmsa.csv.verdict";
    public static final String REASON_ATTRIBUTE = "org.jamesmsa.csv.reason";
    public static final String NAME_ATTRIBUTE = "org.jamesmsa.csv.name";
    private static final AttachmentKey<CsvResult> RESULT = AttachmentKey.of("org.jamesmsa.csv.result", CsvResult.class);

    /** What a listener does with a verdict. */
    public enum Action { ACCEPT, REJECT, TEMPFAIL }

    private boolean validate = true;
    private final Map<Verdict, Action> actions = new EnumMap<>(Verdict.class);
    private ClientValidator validator;

    @Override
    public void init(Configuration config) throws ConfigurationException {
        validate = HandlerSettings.booleanSetting(config, "validate", true);
        for (Verdict verdict : Verdict.values()) {
            String element = "on" + (verdict == Verdict.TEMPERROR ? "TempError"
                : verdict.name().charAt(0) + verdict.label().substring(1));
            actions.put(verdict, HandlerSettings.enumSetting(config, element, Action.class,
                verdict == Verdict.PROHIBITED ? Action.REJECT : Action.ACCEPT));
        }
        Profile profile = HandlerSettings.enumSetting(config, "profile", Profile.class, Profile.CSV);
        Set<String> wellKnown = Arrays.stream(config.getString("wellKnownDomains", "").split(","))
            .map(String::strip).filter(d -> !d.isEmpty()).collect(Collectors.toSet());
        Duration queryTimeout = Duration.ofMillis(HandlerSettings.positiveIntSetting(config, "queryTimeout", 1000));
        Duration budget = Duration.ofMillis(HandlerSettings.positiveIntSetting(config, "budget",
            (int) ValidatorSettings.DEFAULT_BUDGET.toMillis()));
        int cacheSize = HandlerSettings.positiveIntSetting(config, "cacheSize", 10_000);
        int cacheMaxTtl = HandlerSettings.positiveIntSetting(config, "cacheMaxTtl", 86_400);
        int csaSearchLimit = HandlerSettings.positiveIntSetting(config, "csaSearchLimit", ValidatorSettings.DEFAULT_CSA_SEARCH_LIMIT);
        boolean csaUseReverse = HandlerSettings.booleanSetting(config, "csaUseReverse", true);
        String servers = config.getString("dnsServers", "");
        DnsClient dns;
        try {
            dns = new DnsClient(DnsClient.parseServers(servers), queryTimeout, new DnsCache(cacheSize, cacheMaxTtl, Clock.systemUTC()));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("smtpserver.xml: <dnsServers> has value '" + servers + "': " + e.getMessage()
                + "; allowed values: ip[:port], comma-separated, or empty for the system resolvers");
        }
        validator = new ClientValidator(dns, new ValidatorSettings(profile, wellKnown, budget, csaSearchLimit, csaUseReverse));
    }

    /** The verdict on the session's last HELO/EHLO, if one was computed. */
    public static Optional<CsvResult> resultOf(SMTPSession session) {
        return session.getAttachment(RESULT, State.Connection);
    }

    @Override
    public HookResult doHelo(SMTPSession session, String helo) {
        session.removeAttachment(RESULT, State.Connection);
        if (!validate) {
            return HookResult.DECLINED;
        }
        InetAddress client = session.getRemoteAddress().getAddress();
        CsvResult result = validator.validate(helo, client);
        session.setAttachment(RESULT, result, State.Connection);
        LOGGER.info("session {}: {} {}: EHLO {} from {}: {} ({} DNS queries)", session.getSessionID(),
            validator.settings().profile(), result.verdict().label(), result.validatedName().orElse("(not validated)"),
            client.getHostAddress(), result.reason(), result.dnsQueries());
        return HookResult.DECLINED;
    }

    @Override
    public HookResult doRcpt(SMTPSession session, MaybeSender sender, MailAddress rcpt) {
        if (session.getUsername() != null) {
            return HookResult.DECLINED;
        }
        Optional<CsvResult> result = resultOf(session);
        if (result.isEmpty()) {
            return HookResult.DECLINED;
        }
        CsvResult verdict = result.get();
        switch (actions.get(verdict.verdict())) {
            case REJECT:
                return SmtpReplies.deny(SMTPRetCode.MAILBOX_PERM_UNAVAILABLE,
                    DSNStatus.getStatus(DSNStatus.PERMANENT, DSNStatus.SECURITY_AUTH),
                    "Client host rejected: EHLO name " + verdict.verdict().label() + " (" + verdict.reason() + ")");
            case TEMPFAIL:
                return SmtpReplies.denySoft(SMTPRetCode.LOCAL_ERROR,
                    DSNStatus.getStatus(DSNStatus.TRANSIENT, DSNStatus.NETWORK_DIR_SERVER),
                    "Client host name cannot be validated now, try again later (" + verdict.reason() + ")");
            default:
                return HookResult.DECLINED;
        }
    }

    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        resultOf(session).ifPresent(result -> {
            mail.setAttribute(new Attribute(AttributeName.of(VERDICT_ATTRIBUTE), AttributeValue.of(result.verdict().label())));
            mail.setAttribute(new Attribute(AttributeName.of(REASON_ATTRIBUTE), AttributeValue.of(result.reason())));
            result.validatedName().ifPresent(name ->
                mail.setAttribute(new Attribute(AttributeName.of(NAME_ATTRIBUTE), AttributeValue.of(name))));
        });
        return HookResult.DECLINED;
    }
}
