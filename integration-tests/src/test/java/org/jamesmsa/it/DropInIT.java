package org.jamesmsa.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import javax.net.ssl.SSLContext;

import org.jamesmsa.audit.AuditQuery;
import org.jamesmsa.launcher.MsaSettings;
import org.jamesmsa.launcher.TlsMaterial;
import org.jamesmsa.it.SmtpClient.Reply;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An existing James: stock James 3.8.1 on its own classpath, an operator's own configuration
 * (src/test/resources/stock-james/conf), plus exactly the drop-in lines, the extensions.properties line, the
 * james-msa.properties sample and the bundle's JARs that the distribution ships in drop-in/ (from docs/drop-in/).
 * Nothing else of this project is used.
 */
class DropInIT {
    private static final Path DROP_IN = Path.of(System.getProperty("msa.dist.dir")).resolve("drop-in");
    private static final Path EXTENSION_JARS = DROP_IN.resolve("extensions-jars");

    private static String snippet(String name) throws Exception {
        return Files.readString(DROP_IN.resolve(name));
    }

    /** Adds the drop-in handlers to the listener with this jmxName, and names the bundle's core handlers package. */
    private static String addToListener(String smtpserver, String jmxName, String handlers) {
        int listener = smtpserver.indexOf("<jmxName>" + jmxName + "</jmxName>");
        int chainStart = smtpserver.indexOf("<handlerchain>", listener);
        int chainEnd = smtpserver.indexOf("</handlerchain>", chainStart);
        return smtpserver.substring(0, chainStart)
            + "<handlerchain coreHandlersPackage=\"org.jamesmsa.smtp.MsaCmdHandlerLoader\">"
            + smtpserver.substring(chainStart + "<handlerchain>".length(), chainEnd)
            + handlers + "\n"
            + smtpserver.substring(chainEnd);
    }

    @Test
    void stockJamesWithTheDocumentedAdditionsBecomesACompliantMsa() throws Exception {
        Path root = Files.createTempDirectory("existing-james");
        StockJames.copyTree(Path.of(DropInIT.class.getResource("/stock-james/conf").toURI()), root.resolve("conf"));
        StockJames.copyTree(EXTENSION_JARS, root.resolve("extensions-jars"));
        Path audit = root.resolve("audit");
        int mx = FreePorts.next();
        int submission = FreePorts.next();
        int webadmin = FreePorts.next();
        TlsMaterial tls = TlsMaterial.forSettings(MsaSettings.fromEnvironment(Map.of("MSA_HOME", root.toString(), "MSA_DOMAIN", "stock.test", "MSA_HOSTNAME", "stock.test")));

        Path smtpserver = root.resolve("conf/smtpserver.xml");
        String withDropIn = addToListener(Files.readString(smtpserver), "smtpserver-global", snippet("smtpserver-mx.xml"));
        withDropIn = addToListener(withDropIn, "smtpserver-authenticated", snippet("smtpserver-submission.xml"));
        Files.writeString(smtpserver, withDropIn.replace("@MX_PORT@", Integer.toString(mx))
            .replace("@SUBMISSION_PORT@", Integer.toString(submission))
            .replace("@TLS_KEY@", tls.privateKey().toString()).replace("@TLS_CERT@", tls.certificate().toString()));
        Path mailetcontainer = root.resolve("conf/mailetcontainer.xml");
        String mailets = Files.readString(mailetcontainer);
        String rootAdditions = snippet("mailetcontainer-root.xml").replace("postmaster@example.org", "postmaster@stock.test")
            .replace("mail.example.org", "stock.test");
        int toTransport = mailets.indexOf("<mailet match=\"All\" class=\"ToProcessor\">");
        mailets = mailets.substring(0, toTransport) + rootAdditions + mailets.substring(toTransport);
        mailets = mailets.replace("</processors>", snippet("mailetcontainer-processor.xml") + "</processors>");
        String transport = "<processor state=\"transport\" enableJmx=\"false\">";
        mailets = mailets.replace(transport, transport + snippet("mailetcontainer-transport.xml"));
        Files.writeString(mailetcontainer, mailets);
        Path extensions = root.resolve("conf/extensions.properties");
        Files.writeString(extensions, (Files.exists(extensions) ? Files.readString(extensions) + "\n" : "") + snippet("extensions.properties"));
        Files.writeString(root.resolve("conf/james-msa.properties"), snippet("james-msa.properties")
            .replace("audit.directory=/var/lib/james-msa/audit", "audit.directory=" + audit));
        Path webadminProperties = root.resolve("conf/webadmin.properties");
        Files.writeString(webadminProperties, Files.readString(webadminProperties).replace("@WEBADMIN_PORT@", Integer.toString(webadmin))
            + "\n" + snippet("webadmin.properties"));

        try (ServerProcess james = ServerProcess.start(List.of("java", "-Dworking.directory=" + root,
                "-cp", StockJames.libraries() + "/*", "org.apache.james.MemoryJamesServerMain"), Map.of())) {
            james.awaitStarted(mx);
            WebAdminClient webAdmin = new WebAdminClient(webadmin);
            webAdmin.addUser("frank@stock.test", "frank's password");
            webAdmin.setUserLimits("frank@stock.test", 1, 10);
            assertThat(WebAdminPasswordTest.foreignPreflight(webAdmin).headers().map().keySet())
                .noneMatch(name -> name.toLowerCase().startsWith("access-control-"));
            SSLContext clientTls = MsaTestServer.trusting(tls.certificate());

            try (SmtpClient client = SmtpClient.connect(submission, clientTls)) {
                client.ehlo("client.example");
                assertThat(client.authPlain("frank@stock.test", "frank's password").text()).startsWith("538 5.7.11");
                assertThat(client.send("MAIL FROM:<frank@stock.test>").text()).isEqualTo("530 5.7.0 Authentication required");
                client.startTls("client.example");
                assertThat(client.authPlain("frank@stock.test", "frank's password").code()).isEqualTo(235);
                assertThat(client.send("MAIL FROM:<someone@stock.test>").text()).startsWith("550 5.7.1");
                client.send("RSET");
                Reply accepted = client.sendMail("frank@stock.test", "frank@stock.test", "Subject: drop-in\r\n\r\nhi\r\n");
                assertThat(accepted.code()).as(accepted.text()).isEqualTo(250);
                assertThat(client.send("MAIL FROM:<frank@stock.test>").text())
                    .as("frank's limit, set through the drop-in webadmin route").startsWith("451 4.7.1");
            }
            try (SmtpClient client = SmtpClient.connect(mx, clientTls)) {
                client.ehlo("mta.example");
                assertThat(client.authPlain("frank@stock.test", "frank's password").text()).startsWith("503 5.5.1");
                client.send("MAIL FROM:<sender@elsewhere.example>");
                assertThat(client.send("RCPT TO:<victim%elsewhere.example@stock.test>").text()).startsWith("550 5.7.1");
            }

            MsaTestServer.awaitUntil("the audit record is written", () -> {
                try {
                    return AuditQuery.verify(audit).records() == 1;
                } catch (Exception e) {
                    return false;
                }
            });
            JsonNode record = AuditQuery.find(audit, AuditQuery.Filter.any()).get(0);
            assertThat(record.path("authUser").asText()).isEqualTo("frank@stock.test");
            assertThat(record.path("listener").asText()).isEqualTo("submission");
            assertThat(record.path("tls").path("protocol").asText()).startsWith("TLSv1.");
            assertThat(record.path("traceId").asText()).matches("[a-z2-7]{16}");
        }
    }
}
