package org.jamesmsa.smtp.csv;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import javax.inject.Inject;

import org.jamesmsa.contracts.MsaMetrics;

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
import org.jamesmsa.csv.ClientValidator;
import org.jamesmsa.csv.CsvResult;
import org.jamesmsa.csv.DnsLookup;
import org.jamesmsa.csv.Profile;
import org.jamesmsa.csv.ValidatorSettings;
import org.jamesmsa.csv.Verdict;
import org.jamesmsa.settings.Settings;
import org.jamesmsa.settings.ValueType;
import org.jamesmsa.smtp.SmtpReplies;
import org.jamesmsa.smtp.proxy.ProxyHealthCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client SMTP Validation of the HELO/EHLO name: the verdict is computed when the client says EHLO, logged, and acted
 * on at RCPT (where clients handle refusals well); {@code SessionFactsHook} copies it onto every accepted Mail.
 * Authenticated clients are never refused for their EHLO name. DNS is the bundle's one {@link DnsLookup}, whose
 * resolvers and cache (shared by every listener) are set in james-msa.properties.
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
 *     <!-- Milliseconds of DNS for the whole validation of one EHLO; past it the verdict is temperror. Default: 2000. -->
 *     <budget>2000</budget>
 *     <!-- CSA: parent domains searched, and whether address literals are checked by reverse name. -->
 *     <csaSearchLimit>5</csaSearchLimit>
 *     <csaUseReverse>true</csaUseReverse>
 * </handler>
 * }</pre>
 *
 * <p>The DNS work happens on James's thread at EHLO, bounded by {@code budget}: past it the verdict is
 * temperror, never a hung session.</p>
 */
public class ClientValidationHook implements HeloHook, RcptHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(ClientValidationHook.class);
    private static final AttachmentKey<CsvResult> RESULT = AttachmentKey.of("org.jamesmsa.csv.result", CsvResult.class);
    private static final Map<Verdict, String> ACTION_ELEMENTS = Map.of(Verdict.PASS, "onPass", Verdict.PROHIBITED, "onProhibited",
        Verdict.FAIL, "onFail", Verdict.NONE, "onNone", Verdict.TEMPERROR, "onTempError");
    private static final List<String> SETTINGS = List.of("profile", "validate", "onPass", "onProhibited", "onFail", "onNone",
        "onTempError", "wellKnownDomains", "budget", "csaSearchLimit", "csaUseReverse");

    /** What a listener does with a verdict. */
    public enum Action { ACCEPT, REJECT, TEMPFAIL }

    private final DnsLookup dns;
    private final MsaMetrics metrics;
    private boolean validate = true;
    private final Map<Verdict, Action> actions = new EnumMap<>(Verdict.class);
    private ClientValidator validator;

    @Inject
    public ClientValidationHook(DnsLookup dns, MsaMetrics metrics) {
        this.dns = dns;
        this.metrics = metrics;
    }

    @Override
    public void init(Configuration config) throws ConfigurationException {
        Settings settings = Settings.ofHandler(config, getClass(), SETTINGS);
        validate = settings.get("validate", ValueType.BOOLEAN, true);
        ValueType<Action> action = ValueType.choice(Action.class);
        ACTION_ELEMENTS.forEach((verdict, element) ->
            actions.put(verdict, settings.get(element, action, verdict == Verdict.PROHIBITED ? Action.REJECT : Action.ACCEPT)));
        Set<String> wellKnown = Arrays.stream(settings.get("wellKnownDomains", ValueType.TEXT, "").split(","))
            .map(String::strip).filter(d -> !d.isEmpty()).collect(Collectors.toSet());
        validator = new ClientValidator(dns, new ValidatorSettings(
            settings.get("profile", ValueType.choice(Profile.class), Profile.CSV),
            wellKnown,
            settings.get("budget", ValueType.MILLISECONDS, ValidatorSettings.DEFAULT_BUDGET),
            settings.get("csaSearchLimit", ValueType.POSITIVE_INT, ValidatorSettings.DEFAULT_CSA_SEARCH_LIMIT),
            settings.get("csaUseReverse", ValueType.BOOLEAN, true)));
    }

    /** The verdict on the session's last HELO/EHLO, if one was computed. */
    public static Optional<CsvResult> resultOf(SMTPSession session) {
        return session.getAttachment(RESULT, State.Connection);
    }

    @Override
    public HookResult doHelo(SMTPSession session, String helo) {
        session.removeAttachment(RESULT, State.Connection);
        if (!validate || ProxyHealthCheck.is(session)) {
            return HookResult.DECLINED;
        }
        InetAddress client = session.getRemoteAddress().getAddress();
        CsvResult result = validator.validate(helo, client);
        session.setAttachment(RESULT, result, State.Connection);
        metrics.csvVerdict(result.verdict().label());
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
}
