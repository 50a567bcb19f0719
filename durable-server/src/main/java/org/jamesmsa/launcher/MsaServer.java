package org.jamesmsa.launcher;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.apache.james.GuiceJamesServer;
import org.apache.james.server.core.configuration.Configuration;
import org.apache.james.server.core.configuration.Configuration.ConfigurationPath;
import org.jamesmsa.server.DurableMsaServer;
import org.jamesmsa.settings.InvalidSettingException;

import com.google.inject.Module;

/**
 * The durable MSA server, configured by the packaged conf/ and the operator's settings, with MSA_HOME as James's
 * working directory. The launcher and the integration tests both build the server here, so the tests run what
 * operators run.
 */
public final class MsaServer {

    static final String REFUSE_CLIENT_RENEGOTIATION = "jdk.tls.rejectClientInitiatedRenegotiation";

    private MsaServer() {
    }

    /**
     * @param overrides Guice modules replacing bindings of the server (tests inject failures this way)
     */
    public static GuiceJamesServer create(MsaSettings settings, TlsMaterial tls, Path confDirectory, Module... overrides) {
        if (!Files.isRegularFile(confDirectory.resolve("smtpserver.xml"))) {
            throw new InvalidSettingException("configuration folder " + confDirectory.toAbsolutePath()
                + " has no smtpserver.xml (set msa.conf.dir)");
        }
        Properties webadmin = webadminProperties(confDirectory.resolve("webadmin.properties"));
        settings.refuseAnOpenWebadmin(enabled(webadmin, "jwt.enabled"), enabled(webadmin, "https.enabled"));
        settings.systemProperties(tls).forEach(System::setProperty);
        // A client that renegotiates TLS 1.2 makes the server redo the costly half of a handshake at will. The JVM reads
        // this once, at its first server handshake: before the listeners start here.
        System.setProperty(REFUSE_CLIENT_RENEGOTIATION, "true");
        // Derby writes its own log to the process's working directory unless told otherwise: keep it with its data.
        System.setProperty("derby.stream.error.file", settings.home().resolve("var/store/derby.log").toAbsolutePath().toString());
        Configuration configuration = Configuration.builder()
            .workingDirectory(settings.home().toAbsolutePath().toFile())
            .configurationPath(new ConfigurationPath("file://" + confDirectory.toAbsolutePath().normalize() + "/"))
            .build();
        return DurableMsaServer.create(configuration).overrideWith(overrides);
    }

    private static Properties webadminProperties(Path file) {
        Properties webadmin = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            webadmin.load(reader);
        } catch (IOException e) {
            // James itself stops on a missing webadmin.properties; here it means neither JWT nor HTTPS.
        }
        return webadmin;
    }

    private static boolean enabled(Properties webadmin, String key) {
        return Boolean.parseBoolean(webadmin.getProperty(key, "false").strip());
    }
}
