package org.jamesmsa.smtp;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.james.protocols.lib.handler.HandlersPackage;
import org.apache.james.protocols.smtp.core.ReceivedDataLineFilter;
import org.apache.james.protocols.smtp.core.esmtp.AuthCmdHandler;
import org.apache.james.protocols.smtp.core.esmtp.EhloCmdHandler;
import org.apache.james.protocols.smtp.core.esmtp.MailSizeEsmtpExtension;
import org.apache.james.smtpserver.CoreCmdHandlerLoader;
import org.apache.james.smtpserver.SendMailHandler;
import org.apache.james.smtpserver.UsersRepositoryAuthHook;

/**
 * James's core SMTP handlers without those that the bundle replaces:
 * <ul>
 *   <li>{@link ReceivedDataLineFilter}: {@code MessageStamping} writes the one Received header of this MSA (RFC 3848
 *   types with TLS, the validated client identity, the trace token), where James's would add a second one that says
 *   {@code ESMTPA} even over TLS and shows unvalidated EHLO names;</li>
 *   <li>{@link AuthCmdHandler} and its {@link UsersRepositoryAuthHook}: on submission listeners
 *   {@code SubmissionAuthCmdHandler} advertises and runs AUTH, with {@code UsersRepositoryCredentialsHook} for
 *   passwords; on the MX listener {@code AuthNotOfferedHandler} refuses it;</li>
 *   <li>{@link EhloCmdHandler}, in its place {@link MsaEhloCmdHandler}, whose greeting line has no stray
 *   parenthesis;</li>
 *   <li>{@link MailSizeEsmtpExtension}, in its place {@link MsaMailSizeEsmtpExtension}, whose over-size reply has
 *   its enhanced status code;</li>
 *   <li>{@link SendMailHandler}, in its place {@link MsaSendMailHandler}, whose reply when the queue cannot take the
 *   message is {@code 451 4.3.0}.</li>
 * </ul>
 * <p>and with {@link TransportErrorGuard} first, on every listener: over-long lines, TLS and connection failures; then
 * {@link NonAsciiAddressFilter}, before James parses MAIL and RCPT.</p>
 *
 * <p>James always loads the package named by the chain's {@code coreHandlersPackage} attribute
 * ({@code CoreCmdHandlerLoader} when absent), after the handlers listed in the chain; a
 * {@code <handler class="...CoreCmdHandlerLoader"/>} line does nothing. So this package is named there:</p>
 *
 * <pre>{@code
 * <handlerchain coreHandlersPackage="org.jamesmsa.smtp.MsaCmdHandlerLoader">
 * }</pre>
 */
public class MsaCmdHandlerLoader implements HandlersPackage {
    private static final List<String> REPLACED = List.of(ReceivedDataLineFilter.class.getName(),
        AuthCmdHandler.class.getName(), UsersRepositoryAuthHook.class.getName());
    private static final Map<String, String> SUBSTITUTED = Map.of(
        EhloCmdHandler.class.getName(), MsaEhloCmdHandler.class.getName(),
        MailSizeEsmtpExtension.class.getName(), MsaMailSizeEsmtpExtension.class.getName(),
        SendMailHandler.class.getName(), MsaSendMailHandler.class.getName());
    private static final List<String> HANDLERS = Stream.concat(Stream.of(TransportErrorGuard.class.getName(),
                NonAsciiAddressFilter.class.getName()),
            new CoreCmdHandlerLoader().getHandlers().stream()
                .filter(handler -> !REPLACED.contains(handler))
                .map(handler -> SUBSTITUTED.getOrDefault(handler, handler)))
        .collect(Collectors.toUnmodifiableList());

    @Override
    public List<String> getHandlers() {
        return HANDLERS;
    }
}
