package org.jamesmsa.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.james.GuiceJamesServer;
import org.jamesmsa.launcher.MsaServer;
import org.jamesmsa.launcher.MsaSettings;
import org.jamesmsa.launcher.StartupFailure;
import org.jamesmsa.launcher.TlsMaterial;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each handler, mailet and service of the bundle refuses a bad value or an unknown name when James starts, with one
 * message naming the file, the setting, the bad value and what is allowed. James boots from a copy of the packaged
 * conf/ with one element or key changed.
 */
class FailFastConfigurationTest {

    static Stream<Arguments> badSettings() {
        return Stream.of(
            Arguments.of("smtpserver.xml", "<requireTLS>true</requireTLS>", "<requireTLS>maybe</requireTLS>",
                "smtpserver.xml: <requireTLS> of handler SubmissionAuthCmdHandler has value 'maybe'; allowed values: true, false"),
            Arguments.of("smtpserver.xml", "<mechanisms>PLAIN LOGIN OAUTHBEARER XOAUTH2</mechanisms>", "<mechanisms>PLAIN CRAM-MD5</mechanisms>",
                "smtpserver.xml: <mechanisms> of handler SubmissionAuthCmdHandler has value 'PLAIN CRAM-MD5'; 'CRAM-MD5' is not a known SASL mechanism; known: "),
            Arguments.of("smtpserver.xml", "<onProhibited>reject</onProhibited>", "<onProhibited>bounce</onProhibited>",
                "smtpserver.xml: <onProhibited> of handler ClientValidationHook has value 'bounce'; allowed values: accept, reject, tempfail"),
            Arguments.of("smtpserver.xml", "<onProhibited>reject</onProhibited>", "<onProhibitted>reject</onProhibitted>",
                "smtpserver.xml: <onProhibitted> is not a setting of handler ClientValidationHook; allowed names: budget, "),
            Arguments.of("smtpserver.xml", "<profile>csv</profile>", "<profile>spf</profile>",
                "smtpserver.xml: <profile> of handler ClientValidationHook has value 'spf'; allowed values: csv, csa"),
            Arguments.of("smtpserver.xml", "<budget>2000</budget>", "<budget>0</budget>",
                "smtpserver.xml: <budget> of handler ClientValidationHook has value '0'; allowed values: a whole number of milliseconds greater than 0"),
            Arguments.of("smtpserver.xml", "<listener>mx</listener>", "<listener>relay</listener>",
                "smtpserver.xml: <listener> of handler SessionFactsHook has value 'relay'; allowed values: mx, submission, submissions"),
            Arguments.of("smtpserver.xml", "<showLogin>false</showLogin>", "<showLogin>yes</showLogin>",
                "smtpserver.xml: <showLogin> of handler MessageStamping has value 'yes'; allowed values: true, false"),
            Arguments.of("smtpserver.xml", "<policy>sender</policy>", "<policy>bounce</policy>",
                "smtpserver.xml: <policy> of handler HeaderFromPolicyHook has value 'bounce'; allowed values: accept, sender, reject"),
            Arguments.of("mailetcontainer.xml", "<errorProcessor>audit-error</errorProcessor>", "<errorProcesor>x</errorProcesor>",
                "mailetcontainer.xml: <errorProcesor> is not a setting of mailet org.jamesmsa.mailets.AuditRecorder; allowed names: errorProcessor"),
            Arguments.of("james-msa.properties", "dns.servers=${sys:msa.dns.servers}", "dns.servers=resolver.example",
                "james-msa.properties: dns.servers has value 'resolver.example'; DNS server 'resolver.example' is not an IP address"),
            Arguments.of("james-msa.properties", "audit.retentionDays=30", "audit.retentionDays=thirty",
                "james-msa.properties: audit.retentionDays has value 'thirty'; allowed values: a whole number, at least 7 "
                    + "(RFC 5068 3.1: problems surface up to a week after submission)"),
            Arguments.of("james-msa.properties", "audit.retentionDays=30", "audit.retentionDays=6",
                "james-msa.properties: audit.retentionDays has value '6'; allowed values: a whole number, at least 7 "),
            Arguments.of("james-msa.properties", "audit.retentionDays=30", "audit.retentionDay=30",
                "james-msa.properties: audit.retentionDay is not a setting of james-msa.properties; allowed names: audit.anchorDirectory, "),
            Arguments.of("james-msa.properties", "audit.directory=${sys:msa.audit.dir}", "audit.directory=/dev/null/audit",
                "james-msa.properties: audit.directory has value '/dev/null/audit'; audit folder /dev/null/audit is not writable"),
            Arguments.of("james-msa.properties", "sasl.external.ca=", "sasl.external.ca=/no/such/ca.pem",
                "james-msa.properties: sasl.external.ca has value '/no/such/ca.pem'; not a readable PEM file of certificates"),
            Arguments.of("usersrepository.xml", "<algorithm>PBKDF2-SHA512</algorithm>", "<algoritm>PBKDF2-SHA512</algoritm>",
                "usersrepository.xml: <algoritm> is not a setting of <usersrepository>; allowed names: administratorId, algorithm, "),
            Arguments.of("recipientrewritetable.xml", "<cacheSeconds>${sys:msa.rrt.cache.seconds}</cacheSeconds>",
                "<cacheSeconds>ten</cacheSeconds>", "recipientrewritetable.xml: <cacheSeconds> of <recipientrewritetable> has value "
                    + "'ten'; allowed values: a whole number, 0 to turn it off"));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("badSettings")
    void badValueStopsJamesNamingFileElementValueAndAllowedValues(String file, String good, String bad, String expected) throws Exception {
        Path conf = Files.createTempDirectory("broken-conf");
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("msa.conf.dir")))) {
            for (Path source : files.toList()) {
                String text = Files.readString(source);
                if (source.getFileName().toString().equals(file)) {
                    assertThat(text).as("the packaged " + file + " has " + good).contains(good);
                    text = text.replaceFirst(java.util.regex.Pattern.quote(good), java.util.regex.Matcher.quoteReplacement(bad));
                }
                Files.writeString(conf.resolve(source.getFileName()), text);
            }
        }
        Path home = Files.createTempDirectory("broken-home");
        MsaSettings settings = MsaSettings.fromEnvironment(Map.of("MSA_HOME", home.toString(), "MSA_HOSTNAME", "mail.broken.test", "MSA_BIND_ADDRESS", "127.0.0.1",
            "MSA_SMTP_PORT", Integer.toString(FreePorts.next()), "MSA_SUBMISSION_PORT", Integer.toString(FreePorts.next()),
            "MSA_SUBMISSIONS_PORT", Integer.toString(FreePorts.next()), "MSA_WEBADMIN_PORT", Integer.toString(FreePorts.next())));
        GuiceJamesServer server = MsaServer.create(settings, TlsMaterial.forSettings(settings), conf);

        Throwable failure = catchThrowable(server::start);
        server.stop();

        assertThat(failure).as("James must refuse " + bad).isNotNull();
        assertThat(StartupFailure.describe(failure)).startsWith(expected);
    }
}
