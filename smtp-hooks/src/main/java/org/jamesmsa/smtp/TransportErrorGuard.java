package org.jamesmsa.smtp;

import java.io.IOException;
import java.lang.reflect.Field;
import java.util.Optional;

import javax.net.ssl.SSLException;

import org.apache.james.protocols.api.ProtocolSession;
import org.apache.james.protocols.api.ProtocolSession.State;
import org.apache.james.protocols.api.ProtocolSessionImpl;
import org.apache.james.protocols.api.Response;
import org.apache.james.protocols.api.handler.ProtocolHandler;
import org.apache.james.protocols.api.handler.ProtocolHandlerResultHandler;
import org.apache.james.protocols.netty.HandlerConstants;
import org.apache.james.protocols.netty.NettyProtocolTransport;
import org.apache.james.protocols.smtp.SMTPResponse;
import org.apache.james.protocols.smtp.SMTPRetCode;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.smtpserver.JamesMessageHook;
import org.apache.mailet.Mail;
import org.jamesmsa.smtp.proxy.ProxyHealthCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;

/**
 * What the client is told when its bytes never make a command: a line over James's 8192-octet limit, TLS that fails,
 * a connection that breaks. James 3.8.1 answers an over-long line with {@code 500 Line length exceeded} and no
 * enhanced code, and leaves an AUTH exchange waiting, so that the client's next command is taken as its password;
 * inside DATA it answers in the middle of the message and drops the line, so the message is accepted altered; a port
 * scanner's broken handshakes are logged as {@code ERROR}s with a stack trace each.
 *
 * <p>Here, per session (a Netty handler placed before James's own when the greeting is sent):</p>
 * <ul>
 *   <li>a command line too long: {@code 500 5.5.2}, the session goes on;</li>
 *   <li>a line too long inside an AUTH exchange: the exchange ends with {@code 500 5.5.6} (RFC 4954 4), the session
 *   goes on in command mode;</li>
 *   <li>a line too long inside DATA: nothing mid-message; the message is refused at its end with {@code 554 5.6.0}
 *   (RFC 5321 4.5.3.1.6), never stored without the line;</li>
 *   <li>TLS failures: one INFO line, the connection closed; a connection reset: DEBUG, closed;</li>
 *   <li>a PROXY header with the LOCAL command (a proxy's health check): the session goes on as the proxy's;</li>
 *   <li>anything else: an ERROR with its stack trace, {@code 421 4.3.0} and the connection closed.</li>
 * </ul>
 *
 * <p>James keeps the Netty channel out of reach of handlers, so it is read once from the transport's field; a
 * transport of another kind (a test's) gets no guard.</p>
 */
public class TransportErrorGuard implements ProtocolHandlerResultHandler<Response, ProtocolSession>, JamesMessageHook {
    private static final Logger LOGGER = LoggerFactory.getLogger(TransportErrorGuard.class);
    private static final String NAME = "msaTransportErrorGuard";
    private static final ProtocolSession.AttachmentKey<Boolean> GUARDED = ProtocolSession.AttachmentKey.of("msa.guarded", Boolean.class);
    private static final ProtocolSession.AttachmentKey<Boolean> IN_DATA = ProtocolSession.AttachmentKey.of("msa.inData", Boolean.class);
    private static final ProtocolSession.AttachmentKey<Boolean> LINE_DROPPED = ProtocolSession.AttachmentKey.of("msa.lineDropped", Boolean.class);
    private static final ProtocolSession.AttachmentKey<Boolean> IN_EXCHANGE = ProtocolSession.AttachmentKey.of("msa.inSaslExchange", Boolean.class);
    private static final Field CHANNEL = channelField();

    static final Response COMMAND_TOO_LONG = SmtpReplies.response(SMTPRetCode.SYNTAX_ERROR_COMMAND_UNRECOGNIZED, "5.5.2",
        "Line too long (at most 8190 octets)").immutable();
    static final Response EXCHANGE_LINE_TOO_LONG = SmtpReplies.response(SMTPRetCode.SYNTAX_ERROR_COMMAND_UNRECOGNIZED, "5.5.6",
        "Authentication exchange line is too long").immutable();
    static final HookResult MESSAGE_LINE_TOO_LONG = SmtpReplies.deny(SMTPRetCode.TRANSACTION_FAILED, "5.6.0",
        "Message refused: a line is longer than 8190 octets (RFC 5321 4.5.3.1.6 allows 998)");

    /** A SASL exchange begins: the client's next lines are responses, not commands. */
    public static void exchangeStarted(SMTPSession session) {
        session.setAttachment(IN_EXCHANGE, true, State.Connection);
    }

    /** The SASL exchange ended, whichever way. */
    public static void exchangeEnded(SMTPSession session) {
        session.removeAttachment(IN_EXCHANGE, State.Connection);
    }

    @Override
    public Response onResponse(ProtocolSession session, Response response, long executionTime, ProtocolHandler handler) {
        if (session instanceof SMTPSession && response != null) {
            SMTPSession smtp = (SMTPSession) session;
            if (smtp.getAttachment(GUARDED, State.Connection).isEmpty()) {
                smtp.setAttachment(GUARDED, true, State.Connection);
                channelOf(smtp).ifPresent(channel -> channel.pipeline()
                    .addBefore(HandlerConstants.CORE_HANDLER, NAME, new Guard(smtp)));
            }
            if (SMTPRetCode.DATA_READY.equals(response.getRetCode())) {
                smtp.setAttachment(IN_DATA, true, State.Transaction);
            } else {
                smtp.removeAttachment(IN_DATA, State.Transaction);
            }
        }
        return response;
    }

    @Override
    public HookResult onMessage(SMTPSession session, Mail mail) {
        session.removeAttachment(IN_DATA, State.Transaction);
        if (session.removeAttachment(LINE_DROPPED, State.Transaction).isPresent()) {
            LOGGER.info("Session {} from {}: message refused, a line was over the length limit", session.getSessionID(),
                clientIp(session));
            return MESSAGE_LINE_TOO_LONG;
        }
        return HookResult.DECLINED;
    }

    /** What an over-long line answers now, by the state of the session; empty inside DATA (answered at its end). */
    static Optional<Response> overlongLine(SMTPSession session) {
        if (session.removeAttachment(IN_EXCHANGE, State.Connection).isPresent()) {
            session.popLineHandler();
            return Optional.of(EXCHANGE_LINE_TOO_LONG);
        }
        if (session.getAttachment(IN_DATA, State.Transaction).isPresent()) {
            session.setAttachment(LINE_DROPPED, true, State.Transaction);
            return Optional.empty();
        }
        return Optional.of(COMMAND_TOO_LONG);
    }

    private static final class Guard extends ChannelInboundHandlerAdapter {
        private final SMTPSession session;

        Guard(SMTPSession session) {
            this.session = session;
        }

        /**
         * A PROXY v2 header with the LOCAL command is the proxy's own connection (HAProxy's health checks with
         * {@code check-send-proxy}): it names no client, and James 3.8.1 would fail the session with a 451 and an
         * ERROR. The session goes on as the proxy's, which the check then greets.
         */
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object message) throws Exception {
            if (message instanceof HAProxyMessage && ((HAProxyMessage) message).command() == HAProxyCommand.LOCAL) {
                LOGGER.debug("Session {}: the proxy's own connection (PROXY LOCAL)", session.getSessionID());
                ProxyHealthCheck.mark(session);
                ((HAProxyMessage) message).release();
                return;
            }
            super.channelRead(ctx, message);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            if (cause instanceof TooLongFrameException) {
                LOGGER.info("Session {} from {}: line over the length limit", session.getSessionID(), clientIp(session));
                overlongLine(session).ifPresent(reply -> ReplyChannel.of(session).ifPresent(channel -> channel.reply(reply)));
            } else if (isTransportFailure(cause)) {
                // A TLS failure says something about the client's software; a reset (a health check, a client gone) does not.
                if (cause instanceof SSLException || cause.getCause() instanceof SSLException) {
                    LOGGER.info("Session {} from {}: TLS failed: {}", session.getSessionID(), clientIp(session), rootMessage(cause));
                } else {
                    LOGGER.debug("Session {} from {}: connection failed: {}", session.getSessionID(), clientIp(session), rootMessage(cause));
                }
                ctx.close();
            } else {
                LOGGER.error("Session {} from {}: unexpected error, connection closed", session.getSessionID(), clientIp(session), cause);
                SMTPResponse closing = new SMTPResponse(SMTPRetCode.SERVICE_NOT_AVAILABLE,
                    "4.3.0 " + session.getConfiguration().getHelloName() + " Error processing the request, closing connection");
                closing.setEndSession(true);
                ReplyChannel.of(session).ifPresentOrElse(channel -> channel.reply(closing), ctx::close);
            }
        }
    }

    private static boolean isTransportFailure(Throwable cause) {
        return cause instanceof IOException || cause instanceof SSLException
            || cause instanceof DecoderException && (cause.getCause() instanceof SSLException || cause.getCause() == null);
    }

    private static String rootMessage(Throwable cause) {
        Throwable root = cause;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + abbreviate(root.getMessage()));
    }

    private static String abbreviate(String text) {
        return text.length() > 120 ? text.substring(0, 120) + "..." : text;
    }

    private static String clientIp(SMTPSession session) {
        return session.getRemoteAddress().getAddress().getHostAddress();
    }

    private static Optional<Channel> channelOf(SMTPSession session) {
        if (CHANNEL == null || !(session instanceof ProtocolSessionImpl)) {
            return Optional.empty();
        }
        Object transport = ((ProtocolSessionImpl) session).getProtocolTransport();
        if (!(transport instanceof NettyProtocolTransport)) {
            return Optional.empty();
        }
        try {
            return Optional.of((Channel) CHANNEL.get(transport));
        } catch (IllegalAccessException e) {
            return Optional.empty();
        }
    }

    private static Field channelField() {
        try {
            Field field = NettyProtocolTransport.class.getDeclaredField("channel");
            field.setAccessible(true);
            return field;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LoggerFactory.getLogger(TransportErrorGuard.class).warn("James's transport has no channel field: "
                + "over-long lines and TLS failures are answered by James itself", e);
            return null;
        }
    }
}
