package org.jamesmsa.mailets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.mailet.Mail;
import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.jamesmsa.audit.AuditField;
import org.jamesmsa.audit.AuditLog;
import org.jamesmsa.audit.AuditQuery;
import org.jamesmsa.audit.AuditRecord;
import org.jamesmsa.audit.AuditStore;
import org.jamesmsa.contracts.AuditHealth;
import org.jamesmsa.contracts.ListenerRole;
import org.jamesmsa.contracts.SessionFact;
import org.jamesmsa.contracts.SubmissionFacts;
import org.jamesmsa.contracts.TestMetrics;
import org.jamesmsa.settings.InvalidSettingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

class AuditRecorderTest {
    @TempDir
    Path root;
    Path folder;
    final AuditHealth health = new AuditHealth();
    final TestMetrics metrics = new TestMetrics();

    @org.junit.jupiter.api.BeforeEach
    void auditFolder() {
        folder = root.resolve("audit");
    }

    private AuditRecorder mailet(AuditStore store, String... parameters) throws Exception {
        AuditRecorder mailet = new AuditRecorder(store, health, metrics.metrics);
        FakeMailetConfig.Builder config = FakeMailetConfig.builder().mailetName("AuditRecorder");
        for (int i = 0; i < parameters.length; i += 2) {
            config.setProperty(parameters[i], parameters[i + 1]);
        }
        mailet.init(config.build());
        return mailet;
    }

    private static FakeMail submission() throws Exception {
        FakeMail mail = FakeMail.builder().name("m1")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().addHeader("Message-ID", "<m1@client.example>").setSubject("hi").setText("body"))
            .sender("alice@msa.test").recipients("friend@elsewhere.example", "bob@msa.test").remoteAddr("192.0.2.7").remoteHost("192.0.2.7")
            .state(Mail.DEFAULT).build();
        SubmissionFacts.builder(ListenerRole.SUBMISSIONS).with(SessionFact.LOCAL_PORT, 465).with(SessionFact.CLIENT_PORT, 40123)
            .with(SessionFact.SESSION_ID, "s1").with(SessionFact.HELO_MODE, "EHLO").with(SessionFact.HELO_NAME, "client.example")
            .with(SessionFact.TRACE_ID, "k3q7a2mfx4tb6e5w").with(SessionFact.TLS_PROTOCOL, "TLSv1.3")
            .with(SessionFact.TLS_CIPHER, "TLS_AES_256_GCM_SHA384").with(SessionFact.CSV_VERDICT, "fail")
            .with(SessionFact.CSV_REASON, "no reverse DNS name").with(SessionFact.AUTH_USER, "alice@msa.test")
            .build().writeTo(mail);
        return mail;
    }

    @Test
    void anAcceptedMessageIsRecordedWithItsSessionFactsAndGoesOn() throws Exception {
        FakeMail mail = submission();
        try (AuditLog log = AuditLog.open(folder, 30, Clock.systemUTC())) {
            mailet(log).service(mail);
        }

        List<JsonNode> records = AuditQuery.find(folder, AuditQuery.Filter.any());
        assertThat(records).hasSize(1);
        JsonNode record = records.get(0);
        assertThat(AuditQuery.text(record, AuditField.TRACE_ID)).isEqualTo("k3q7a2mfx4tb6e5w");
        assertThat(AuditQuery.text(record, AuditField.AUTH_USER)).isEqualTo("alice@msa.test");
        assertThat(AuditQuery.text(record, AuditField.LISTENER)).isEqualTo("submissions");
        assertThat(AuditQuery.text(record, AuditField.MESSAGE_ID)).isEqualTo("<m1@client.example>");
        assertThat(AuditQuery.text(record, AuditField.CLIENT_IP)).isEqualTo("192.0.2.7");
        assertThat(AuditQuery.text(record, AuditField.CLIENT_NAME)).as("an address is not a name").isEmpty();
        assertThat(AuditQuery.text(record, AuditField.CSV)).isEqualTo("fail");
        assertThat(AuditQuery.text(record, AuditField.HELO)).isEqualTo("client.example");
        assertThat(record.path(AuditField.PORT.json()).asInt()).isEqualTo(465);
        assertThat(record.path(AuditField.CLIENT_PORT.json()).asInt()).isEqualTo(40123);
        assertThat(record.path("tls").path("protocol").asText()).isEqualTo("TLSv1.3");
        assertThat(record.path("rcptTo")).hasSize(2);
        assertThat(AuditQuery.text(record, AuditField.SHA256)).matches("[0-9a-f]{64}");
        assertThat(AuditQuery.text(record, AuditField.ORIGIN)).isEqualTo("submission");
        assertThat(AuditQuery.text(record, AuditField.ABOUT)).isEmpty();
        assertThat(mail.getState()).isEqualTo(Mail.DEFAULT);
        assertThat(metrics.recorded.executionTimesFor("msa_audit_write")).hasSize(1);
        assertThat(health.writable()).isTrue();
    }

    /** James's DSNBounce copies the attributes of the message it reports on, its session facts included. */
    @Test
    void aBounceIsRecordedAsABounceAboutTheMessageNeverAsTheUsersSubmission() throws Exception {
        FakeMail bounce = FakeMail.builder().name("dsn")
            .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().addHeader("Message-ID", "<dsn@msa.test>").setText("undeliverable"))
            .sender(org.apache.james.core.MaybeSender.nullSender()).recipient("alice@msa.test").remoteAddr("192.0.2.7").build();
        SubmissionFacts.from(submission()).orElseThrow().writeTo(bounce);
        bounce.setAttribute(Mail.SENT_BY_MAILET_ATTRIBUTE);
        try (AuditLog log = AuditLog.open(folder, 30, Clock.systemUTC())) {
            mailet(log).service(bounce);
        }

        JsonNode record = AuditQuery.find(folder, AuditQuery.Filter.any()).get(0);
        assertThat(AuditQuery.text(record, AuditField.ORIGIN)).isEqualTo("bounce");
        assertThat(AuditQuery.text(record, AuditField.ABOUT)).isEqualTo("k3q7a2mfx4tb6e5w");
        assertThat(AuditQuery.text(record, AuditField.TRACE_ID)).isEmpty();
        assertThat(AuditQuery.text(record, AuditField.AUTH_USER)).isEmpty();
        assertThat(AuditQuery.text(record, AuditField.LISTENER)).isEmpty();
        assertThat(AuditQuery.text(record, AuditField.CLIENT_IP)).isEmpty();
        assertThat(AuditQuery.text(record, AuditField.SESSION_ID)).isEmpty();
        assertThat(AuditQuery.text(record, AuditField.MAIL_FROM)).isEmpty();
        assertThat(record.path("rcptTo").get(0).asText()).isEqualTo("alice@msa.test");
    }

    @Test
    void anotherMessageAMailetMadeIsInternalAndOneNoListenerAcceptedNorMailetMadeIsNotRecorded() throws Exception {
        FakeMail notice = FakeMail.builder().name("notice").mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setText("notice"))
            .sender("postmaster@msa.test").recipient("alice@msa.test").build();
        notice.setAttribute(Mail.SENT_BY_MAILET_ATTRIBUTE);
        FakeMail stray = FakeMail.builder().name("stray").mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setText("?")).build();
        try (AuditLog log = AuditLog.open(folder, 30, Clock.systemUTC())) {
            mailet(log).service(notice);
            mailet(log).service(stray);
        }

        assertThat(AuditQuery.find(folder, AuditQuery.Filter.any())).singleElement()
            .satisfies(record -> assertThat(AuditQuery.text(record, AuditField.ORIGIN)).isEqualTo("internal"));
    }

    @Test
    void aRecordThatCannotBeKeptHoldsTheMessageWithTheReason() throws Exception {
        AuditStore full = new AuditStore() {
            @Override
            public CompletableFuture<String> append(AuditRecord record) {
                return CompletableFuture.failedFuture(new IOException("No space left on device"));
            }

            @Override
            public void probe() throws IOException {
                throw new IOException("No space left on device");
            }

            @Override
            public String location() {
                return "/var/lib/james-msa/audit";
            }

            @Override
            public void close() {
            }
        };
        FakeMail mail = submission();

        mailet(full, "errorProcessor", "held").service(mail);

        assertThat(mail.getState()).isEqualTo("held");
        assertThat(mail.getErrorMessage()).isEqualTo("audit record not written to /var/lib/james-msa/audit: java.io.IOException: No space left on device");
        assertThat(health.writable()).as("the listeners refuse new messages now").isFalse();
        assertThat(health.failure()).contains("java.io.IOException: No space left on device");
        assertThat(metrics.count("msa_audit_write_failures")).isEqualTo(1);
    }

    @Test
    void theOldFolderParametersAreRefusedWithTheirNewPlaceInTheAllowedNames() {
        assertThatThrownBy(() -> mailet(null, "directory", "/var/lib/james-msa/audit")).isInstanceOf(InvalidSettingException.class)
            .hasMessage("mailetcontainer.xml: <directory> is not a setting of mailet AuditRecorder; allowed names: errorProcessor");
    }
}
