package org.jamesmsa.mailets;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.util.Optional;

import javax.mail.MessagingException;
import javax.net.ssl.SSLHandshakeException;

import org.junit.jupiter.api.Test;

import com.sun.mail.smtp.SMTPSendFailedException;

/** The exceptions are the ones JavaMail 1.6 throws for each case, as RemoteDelivery receives them. */
class DeliveryFailureTest {

    @Test
    void aSmarthostWithoutStartTlsWhereItIsRequired() {
        DeliveryFailure failure = DeliveryFailure.of(Optional.of(new MessagingException("Exception caught in RemoteDelivery",
            new MessagingException("STARTTLS is required but host does not support STARTTLS"))));

        assertThat(failure.kind).isEqualTo("starttls_not_offered");
        assertThat(failure.text).isEqualTo("STARTTLS not offered by the next hop, and it is required");
    }

    @Test
    void aCertificateThatIsNotTrusted() {
        DeliveryFailure failure = DeliveryFailure.of(Optional.of(new MessagingException("Could not convert socket to TLS",
            new SSLHandshakeException("PKIX path building failed: unable to find valid certification path to requested target"))));

        assertThat(failure.kind).isEqualTo("certificate_not_trusted");
        assertThat(failure.text).startsWith("certificate not trusted: PKIX path building failed");
    }

    @Test
    void theNextHopsReplyIsQuotedOnOneLine() {
        SMTPSendFailedException refused = new SMTPSendFailedException("RCPT", 452,
            "452 4.2.2 Mailbox full\n", null, null, null, null);

        DeliveryFailure failure = DeliveryFailure.of(Optional.of(refused));

        assertThat(failure.kind).isEqualTo("reply_4xx");
        assertThat(failure.text).isEqualTo("the next hop replied: 452 4.2.2 Mailbox full");
    }

    @Test
    void aHostThatCannotBeReached() {
        MessagingException cannotConnect = new MessagingException("Couldn't connect to host, port: relay.example.net, 587",
            new ConnectException("Connection refused"));

        assertThat(DeliveryFailure.of(Optional.of(cannotConnect)).kind).isEqualTo("connection_failed");
        assertThat(DeliveryFailure.of(Optional.empty()).text).isEqualTo("no reason given");
    }
}
