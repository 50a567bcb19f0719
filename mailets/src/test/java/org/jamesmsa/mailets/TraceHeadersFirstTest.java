package org.jamesmsa.mailets;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Properties;

import javax.mail.Session;
import javax.mail.internet.MimeMessage;

import org.apache.mailet.base.test.FakeMail;
import org.apache.mailet.base.test.FakeMailetConfig;
import org.junit.jupiter.api.Test;

class TraceHeadersFirstTest {
    private static final String RECEIVED = "Received: from [192.0.2.7] ([192.0.2.7])\r\n\tby mail.msa.test (james-msa) with ESMTPSA\r\n"
        + "\tid k3q7a2mfx4tb6e5w; Tue, 24 Nov 2026 09:40:26 +0000";

    private static FakeMail mail(String headers) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()),
            new ByteArrayInputStream((headers + "\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII)));
        return FakeMail.builder().name("m").mimeMessage(message).build();
    }

    private static void service(FakeMail mail) throws Exception {
        TraceHeadersFirst mailet = new TraceHeadersFirst();
        mailet.init(FakeMailetConfig.builder().mailetName("TraceHeadersFirst").build());
        mailet.service(mail);
    }

    @Test
    void headersJavaMailPutAboveTheTraceGoBelowItInTheirOrder() throws Exception {
        FakeMail mail = mail("DKIM-Signature: v=1; d=msa.test\r\nMIME-Version: 1.0\r\nDate: Tue, 24 Nov 2026 09:40:27 +0000\r\n"
            + "Message-ID: <a@mail.msa.test>\r\n" + RECEIVED
            + "\r\nX-MSA-Trace: k3q7a2mfx4tb6e5w\r\nReceived: from laptop by client.example\r\nFrom: alice@msa.test\r\nSubject: hi\r\n");

        service(mail);

        MimeMessage rebuilt = mail.getMessage();
        assertThat(Collections.list(rebuilt.getAllHeaderLines())).extracting(line -> line.substring(0, line.indexOf(':')))
            .containsExactly("Received", "X-MSA-Trace", "DKIM-Signature", "MIME-Version", "Date", "Message-ID", "Received", "From", "Subject");
        assertThat(rebuilt.getHeader("Received")[0]).contains("(james-msa)").contains("\r\n\tby mail.msa.test");
        assertThat(rebuilt.getContent()).isEqualTo("body\r\n");
        rebuilt.setHeader("Sender", "x@msa.test");
        rebuilt.setHeader("MIME-Version", "1.0");
        assertThat(Collections.list(rebuilt.getAllHeaderLines()).get(0)).as("a later change cannot jump above the trace").startsWith("Received:");
    }

    @Test
    void aLargeBodyIsRebuiltFromAFileThatLeavesNothingBehind() throws Exception {
        String body = "line of a large body\r\n".repeat(20_000);
        FakeMail mail = FakeMail.builder().name("large").mimeMessage(new MimeMessage(javax.mail.Session.getInstance(new java.util.Properties()),
            new java.io.ByteArrayInputStream(("Date: Tue, 24 Nov 2026 09:40:27 +0000\r\n" + RECEIVED + "\r\nX-MSA-Trace: k3q7a2mfx4tb6e5w\r\n\r\n" + body)
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII)))).build();

        service(mail);

        MimeMessage rebuilt = mail.getMessage();
        assertThat(Collections.list(rebuilt.getAllHeaderLines()).get(2)).startsWith("Date:");
        assertThat(new String(rebuilt.getRawInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo(body);
        try (java.util.stream.Stream<java.nio.file.Path> left = java.nio.file.Files.list(java.nio.file.Path.of(System.getProperty("java.io.tmpdir")))) {
            assertThat(left.map(path -> path.getFileName().toString())).noneMatch(file -> file.startsWith("james-msa-large"));
        }
    }

    @Test
    void aMessageInOrderOrWithoutTraceIsLeftAlone() throws Exception {
        FakeMail ordered = mail(RECEIVED + "\r\nX-MSA-Trace: k3q7a2mfx4tb6e5w\r\nFrom: alice@msa.test\r\n");
        FakeMail untraced = mail("Date: Tue, 24 Nov 2026 09:40:27 +0000\r\nFrom: someone@elsewhere.example\r\n");
        MimeMessage orderedBefore = ordered.getMessage();

        service(ordered);
        service(untraced);

        assertThat(ordered.getMessage()).isSameAs(orderedBefore);
        assertThat(Collections.list(untraced.getMessage().getAllHeaderLines())).hasSize(2).first().asString().startsWith("Date:");
    }
}
