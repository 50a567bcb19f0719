package org.jamesmsa.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.apache.mailet.base.test.FakeMail;
import org.junit.jupiter.api.Test;

class SubmissionFactsTest {

    private static SubmissionFacts full() {
        return SubmissionFacts.builder(ListenerRole.SUBMISSIONS).ports(465, 40123).sessionId("s1").helo("EHLO", "client.example")
            .traceId("k3q7a2mfx4tb6e5w").tls("TLSv1.3", "TLS_AES_256_GCM_SHA384")
            .csv("pass", "authorized", "client.example").authUser("alice@msa.test").build();
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
        SubmissionFacts.builder(ListenerRole.MX).ports(25, 40000).build().writeTo(mail);

        SubmissionFacts read = SubmissionFacts.from(mail).orElseThrow();
        assertThat(read.tlsProtocol()).isEmpty();
        assertThat(read.authUser()).isEmpty();
        assertThat(read.csvName()).isEmpty();
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
        assertThat(SubmissionFacts.builder(ListenerRole.MX).authUser("alice@msa.test").build().isAuthenticatedSubmission()).isFalse();
    }
}
