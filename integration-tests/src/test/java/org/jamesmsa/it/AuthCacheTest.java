package org.jamesmsa.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With the AUTH cache on (MSA_AUTH_CACHE_SECONDS), a password changed through webadmin applies at once on both
 * submission listeners: the old one, cached a moment ago, is refused.
 */
class AuthCacheTest {
    @RegisterExtension
    static final MsaTestServer MSA = new MsaTestServer(Map.of("MSA_AUTH_CACHE_SECONDS", "300"));

    @Test
    void aPasswordChangedThroughWebadminIsRefusedAtOnceThoughItWasCached() throws Exception {
        try (SmtpClient first = MSA.submissionAfterStartTls(); SmtpClient again = MSA.submissions()) {
            assertThat(first.authPlain(MsaTestServer.ALICE, MsaTestServer.ALICE_PASSWORD).code()).isEqualTo(235);
            assertThat(again.authPlain(MsaTestServer.ALICE, MsaTestServer.ALICE_PASSWORD).code()).as("from the cache").isEqualTo(235);
        }

        WebAdminClient webAdmin = MSA.webAdmin();
        assertThat(webAdmin.send(webAdmin.request("/users/" + MsaTestServer.ALICE + "?force")
            .PUT(HttpRequest.BodyPublishers.ofString("{\"password\":\"a brand new passphrase\"}"))).statusCode()).isEqualTo(204);

        try (SmtpClient submission = MSA.submissionAfterStartTls(); SmtpClient submissions = MSA.submissions();
             SmtpClient renewed = MSA.submissions()) {
            assertThat(submission.authPlain(MsaTestServer.ALICE, MsaTestServer.ALICE_PASSWORD).code()).as("old password on 587")
                .isEqualTo(535);
            assertThat(submissions.authPlain(MsaTestServer.ALICE, MsaTestServer.ALICE_PASSWORD).code()).as("old password on 465")
                .isEqualTo(535);
            assertThat(renewed.authPlain(MsaTestServer.ALICE, "a brand new passphrase").code()).isEqualTo(235);
        } finally {
            webAdmin.send(webAdmin.request("/users/" + MsaTestServer.ALICE + "?force")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"password\":\"" + MsaTestServer.ALICE_PASSWORD + "\"}")));
        }
    }
}
