package org.jamesmsa.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import javax.mail.MessagingException;

import org.apache.mailet.MailetConfig;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parameters OutboundDelivery gives James's RemoteDelivery. */
class OutboundDeliveryTest {
    @TempDir
    Path folder;

    private static MailetConfig effective(String... parameters) throws MessagingException {
        FakeMailetConfig.Builder config = FakeMailetConfig.builder().mailetName("OutboundDelivery");
        for (int i = 0; i < parameters.length; i += 2) {
            config.setProperty(parameters[i], parameters[i + 1]);
        }
        return OutboundDelivery.effective(config.build());
    }

    private static List<String> names(MailetConfig config) {
        List<String> names = new ArrayList<>();
        config.getInitParameterNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void emptyParametersAreAbsentSoThatNoLoginIsTriedWithoutOne() throws Exception {
        MailetConfig config = effective("gateway", "", "gatewayUsername", "", "gatewayPassword", " ", "gatewayTls", "required",
            "gatewayCa", "", "delayTime", "1*60000");

        assertThat(names(config)).containsExactly("delayTime", "mail.smtp.class");
        assertThat(config.getInitParameter("mail.smtp.class")).as("ORCPT passed on")
            .isEqualTo(org.jamesmsa.mailets.transport.SMTPTransport.class.getName());
    }

    @Test
    void requireTlsVerifiesTheNextHopThroughItsOwnTransportAndCannotBeCombinedWithClearText() throws Exception {
        MailetConfig config = effective("requireTls", "true", "startTLS", "false");

        assertThat(config.getInitParameter("startTLS")).isEqualTo("true");
        assertThat(config.getInitParameter("verifyServerIdentity")).isEqualTo("true");
        assertThat(config.getInitParameter("mail.smtp.class")).isEqualTo(org.jamesmsa.mailets.transport.requiretls.SMTPTransport.class.getName());
        assertThatThrownBy(() -> effective("requireTls", "true", "gateway", "relay:25", "gatewayTls", "none"))
            .hasMessage("mailetcontainer.xml: mailet OutboundDelivery has <requireTls> true and <gatewayTls> none: REQUIRETLS cannot leave in clear");
        assertThatThrownBy(() -> effective("requireTls", "yes")).hasMessageContaining("allowed values: true, false");
    }

    @Test
    void towardsASmarthostStartTlsIsRequiredAndTheCertificateChecked() throws Exception {
        MailetConfig config = effective("gateway", "relay.example.net:587", "gatewayUsername", "msa", "gatewayPassword", "secret",
            "startTLS", "false");

        assertThat(config.getInitParameter("startTLS")).isEqualTo("true");
        assertThat(config.getInitParameter("mail.smtp.starttls.required")).isEqualTo("true");
        assertThat(config.getInitParameter("verifyServerIdentity")).isEqualTo("true");
        assertThat(config.getInitParameter("gatewayUsername")).isEqualTo("msa");
        assertThat(config.getInitParameter("mail.smtp.ssl.socketFactory.class")).as("the JVM's authorities").isNull();
    }

    @Test
    void noneLeavesAPlainRelayPlainAndAnAuthorityFileReplacesTheJvms() throws Exception {
        MailetConfig plain = effective("gateway", "127.0.0.1:2525", "gatewayTls", "none");
        Path authorities = Files.writeString(folder.resolve("ca.pem"), org.jamesmsa.smtp.testing.TestCertificates.pem(
            org.jamesmsa.smtp.testing.TestCertificates.authority("relay CA").certificate));
        MailetConfig privateRelay = effective("gateway", "relay.internal:587", "gatewayCa", authorities.toString());

        assertThat(plain.getInitParameter("mail.smtp.starttls.required")).isNull();
        assertThat(privateRelay.getInitParameter("mail.smtp.ssl.socketFactory.class")).isEqualTo(SmarthostTrust.class.getName());
        assertThat(SmarthostTrust.getDefault()).isInstanceOf(javax.net.ssl.SSLSocketFactory.class);
    }

    @Test
    void aBadTlsChoiceOrAnUnreadableAuthorityFileStopsTheStart() {
        assertThatThrownBy(() -> effective("gateway", "relay.example.net:587", "gatewayTls", "maybe"))
            .hasMessage("mailetcontainer.xml: <gatewayTls> of mailet OutboundDelivery has value 'maybe'; allowed values: required, none");
        assertThatThrownBy(() -> effective("gateway", "relay.example.net:587", "gatewayCa", folder.resolve("none.pem").toString()))
            .hasMessageStartingWith("the smarthost authorities " + folder.resolve("none.pem") + " cannot be read");
    }
}
