package org.jamesmsa.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.Test;

class SubmissionFactsTest {

    private static SubmissionFacts full() {
        return SubmissionFacts.builder(ListenerRole.SUBMISSIONS).with(MsaAttributes.LOCAL_PORT, 465).with(MsaAttributes.CLIENT_PORT, 40123)
            .with(MsaAttributes.SESSION_ID, "s1").with(MsaAttributes.HELO_MODE, "EHLO").with(MsaAttributes.HELO_NAME, "client.example")
            .with(MsaAttributes.TRACE_ID, "k3q7a2mfx4tb6e5w").with(MsaAttributes.TLS_PROTOCOL, "TLSv1.3")
            .with(MsaAttributes.TLS_CIPHER, "TLS_AES_256_GCM_SHA384")
            .with(MsaAttributes.CSV_VERDICT, "pass").with(MsaAttributes.CSV_REASON, "authorized")
            .with(MsaAttributes.CSV_NAME, "client.example").with(MsaAttributes.AUTH_USER, "alice@msa.test").build();
    }

    @Test
    void factsWrittenOntoAMailAreReadBackUnchanged() throws Exception {
        FakeMail mail = FakeMail.defaultFakeMail();
        full().writeTo(mail);

        assertThat(SubmissionFacts.from(mail)).contains(full());
    }

    @Test
    void absentFactsStayAbsent() throws Exception {
        FakeMail mail = FakeMail.defaultFakeMail();
        SubmissionFacts.builder(ListenerRole.MX).with(MsaAttributes.LOCAL_PORT, 25).with(MsaAttributes.CLIENT_PORT, 40000)
            .with(MsaAttributes.TLS_PROTOCOL, null).build().writeTo(mail);

        SubmissionFacts read = SubmissionFacts.from(mail).orElseThrow();
        assertThat(read.number(MsaAttributes.LOCAL_PORT)).isEqualTo(25);
        assertThat(read.text(MsaAttributes.TLS_PROTOCOL)).isEmpty();
        assertThat(read.authUser()).isEmpty();
        assertThat(read.text(MsaAttributes.CSV_NAME)).isEmpty();
        assertThat(mail.getAttribute(MsaAttributes.TLS_PROTOCOL)).isEmpty();
    }

    @Test
    void mailNoListenerAcceptedHasNoFacts() throws Exception {
        assertThat(SubmissionFacts.from(FakeMail.defaultFakeMail())).isEmpty();
    }

    @Test
    void anUnknownListenerLabelIsNotARole() throws Exception {
        FakeMail mail = FakeMail.defaultFakeMail();
        mail.setAttribute(new Attribute(MsaAttributes.LISTENER, AttributeValue.of("relay")));

        assertThat(SubmissionFacts.from(mail)).isEmpty();
    }

    @Test
    void onlyASubmissionListenerWithAUserIsAnAuthenticatedSubmission() {
        assertThat(full().isAuthenticatedSubmission()).isTrue();
        assertThat(SubmissionFacts.builder(ListenerRole.SUBMISSION).build().isAuthenticatedSubmission()).isFalse();
        assertThat(SubmissionFacts.builder(ListenerRole.MX).with(MsaAttributes.AUTH_USER, "alice@msa.test").build()
            .isAuthenticatedSubmission()).isFalse();
    }

    @Test
    void aFactIsSetWithItsOwnKind() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SubmissionFacts.builder(ListenerRole.MX).with(MsaAttributes.LOCAL_PORT, "25"))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
