package org.jamesmsa.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.jamesmsa.model.ListenerRole;
import org.jamesmsa.model.MsaAttributes;
import org.jamesmsa.model.SubmissionFacts;
import org.jamesmsa.model.TestAccounts;
import org.jamesmsa.settings.InvalidSettingException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SubmissionFixupsTest {
    private TestAccounts accounts;

    @BeforeEach
    void setUp() throws Exception {
        accounts = TestAccounts.create();
    }

    private SubmissionFixups mailet(String... parameters) throws Exception {
        SubmissionFixups mailet = new SubmissionFixups();
        FakeMailetConfig.Builder config = FakeMailetConfig.builder().mailetName("SubmissionFixups");
        for (int i = 0; i < parameters.length; i += 2) {
            config.setProperty(parameters[i], parameters[i + 1]);
        }
        mailet.init(config.build());
        return mailet;
    }

    private static FakeMail mail(ListenerRole listener, String user, MimeMessage message) throws Exception {
        FakeMail mail = FakeMail.builder().name("m1").mimeMessage(message).sender("alice@msa.test").recipient("friend@elsewhere.example").build();
        SubmissionFacts.builder(listener).with(MsaAttributes.AUTH_USER, user).build().writeTo(mail);
        return mail;
    }

    /** As the client wrote it: parsed, so that JavaMail adds no Message-ID of its own. */
    private static MimeMessage bare(String from, String... headers) throws Exception {
        String raw = "From: " + from + "\r\nSubject: hi\r\n" + String.join("", headers) + "\r\nbody\r\n";
        return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void anAuthenticatedSubmissionWithoutMessageIdAndDateGetsBoth() throws Exception {
        FakeMail mail = mail(ListenerRole.SUBMISSION, "alice@msa.test", bare("alice@msa.test"));

        mailet("hostname", "msa.example.org").service(mail);

        MimeMessage message = mail.getMessage();
        assertThat(message.getHeader("Message-ID")[0]).matches("<[0-9a-f-]{36}@msa\\.example\\.org>");
        assertThat(message.getHeader("Date")[0]).matches("\\w{3}, \\d{1,2} \\w{3} \\d{4} \\d{2}:\\d{2}:\\d{2} [+-]\\d{4}");
        assertThat(message.getHeader("Sender")).as("no From policy asked for one").isNull();
    }

    @Test
    void whatTheClientWroteIsKept() throws Exception {
        FakeMail mail = mail(ListenerRole.SUBMISSIONS, "alice@msa.test", bare("alice@msa.test",
            "Message-ID: <own@client.example>\r\n", "Date: Mon, 23 Nov 2026 10:00:00 +0100\r\n"));

        mailet().service(mail);

        assertThat(mail.getMessage().getHeader("Message-ID")).containsExactly("<own@client.example>");
        assertThat(mail.getMessage().getHeader("Date")).containsExactly("Mon, 23 Nov 2026 10:00:00 +0100");
    }

    @Test
    void mxMailAndMailWithoutAnAuthenticatedUserAreNeverTouched() throws Exception {
        FakeMail mx = mail(ListenerRole.MX, null, bare("someone@elsewhere.example"));
        FakeMail anonymous = mail(ListenerRole.SUBMISSION, null, bare("someone@elsewhere.example"));
        FakeMail bounce = FakeMail.builder().name("b").mimeMessage(bare("postmaster@msa.test")).build();

        for (FakeMail mail : new FakeMail[] {mx, anonymous, bounce}) {
            mail.setAttribute(new org.apache.mailet.Attribute(MsaAttributes.SENDER_HEADER, org.apache.mailet.AttributeValue.of("x@msa.test")));
            mailet().service(mail);
            assertThat(mail.getMessage().getHeader("Message-ID")).isNull();
            assertThat(mail.getMessage().getHeader("Date")).isNull();
            assertThat(mail.getMessage().getHeader("Sender")).isNull();
        }
    }

    @Test
    void theSenderTheFromPolicyAskedForIsSet() throws Exception {
        FakeMail foreign = mail(ListenerRole.SUBMISSION, "alice@msa.test", bare("boss@elsewhere.example"));
        foreign.setAttribute(new org.apache.mailet.Attribute(MsaAttributes.SENDER_HEADER, org.apache.mailet.AttributeValue.of("alice@msa.test")));

        mailet().service(foreign);

        assertThat(foreign.getMessage().getHeader("Sender")).containsExactly("alice@msa.test");
    }

    @Test
    void badOrUnknownParametersStopTheStart() {
        assertThatThrownBy(() -> mailet("addSender", "true")).isInstanceOf(InvalidSettingException.class)
            .hasMessage("mailetcontainer.xml: <addSender> is not a setting of mailet SubmissionFixups; allowed names: hostname");
    }
}
