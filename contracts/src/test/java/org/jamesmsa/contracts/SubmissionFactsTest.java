package org.jamesmsa.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.Test;

class SubmissionFactsTest {

    private static SubmissionFacts full() {
        return SubmissionFacts.builder(ListenerRole.SUBMISSIONS).with(SessionFact.LOCAL_PORT, 465).with(SessionFact.CLIENT_PORT, 40123)
            .with(SessionFact.SESSION_ID, "s1").with(SessionFact.HELO_MODE, "EHLO").with(SessionFact.HELO_NAME, "client.example")
            .with(SessionFact.TRACE_ID, "k3q7a2mfx4tb6e5w").with(SessionFact.TLS_PROTOCOL, "TLSv1.3")
            .with(SessionFact.TLS_CIPHER, "TLS_AES_256_GCM_SHA384")
            .with(SessionFact.CSV_VERDICT, "pass").with(SessionFact.CSV_REASON, "authorized")
            .with(SessionFact.CSV_NAME, "client.example").with(SessionFact.AUTH_USER, "alice@msa.test").build();
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
        SubmissionFacts.builder(ListenerRole.MX).with(SessionFact.LOCAL_PORT, 25).with(SessionFact.CLIENT_PORT, 40000)
            .with(SessionFact.TLS_PROTOCOL, null).build().writeTo(mail);

        SubmissionFacts read = SubmissionFacts.from(mail).orElseThrow();
        assertThat(read.number(SessionFact.LOCAL_PORT)).isEqualTo(25);
        assertThat(read.text(SessionFact.TLS_PROTOCOL)).isEmpty();
        assertThat(read.authUser()).isEmpty();
        assertThat(read.text(SessionFact.CSV_NAME)).isEmpty();
        assertThat(mail.getAttribute(SessionFact.TLS_PROTOCOL.attribute())).isEmpty();
    }

    @Test
    void mailNoListenerAcceptedHasNoFacts() throws Exception {
        assertThat(SubmissionFacts.from(FakeMail.defaultFakeMail())).isEmpty();
    }

    @Test
    void anUnknownListenerLabelIsNotARole() throws Exception {
        FakeMail mail = FakeMail.defaultFakeMail();
        mail.setAttribute(new Attribute(SessionFact.LISTENER.attribute(), AttributeValue.of("relay")));

        assertThat(SubmissionFacts.from(mail)).isEmpty();
    }

    @Test
    void onlyASubmissionListenerWithAUserIsAnAuthenticatedSubmission() {
        assertThat(full().isAuthenticatedSubmission()).isTrue();
        assertThat(SubmissionFacts.builder(ListenerRole.SUBMISSION).build().isAuthenticatedSubmission()).isFalse();
        assertThat(SubmissionFacts.builder(ListenerRole.MX).with(SessionFact.AUTH_USER, "alice@msa.test").build()
            .isAuthenticatedSubmission()).isFalse();
    }

    @Test
    void aFactIsSetWithItsOwnKind() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> SubmissionFacts.builder(ListenerRole.MX).with(SessionFact.LOCAL_PORT, "25"))
            .isInstanceOf(IllegalArgumentException.class);
    }
}
