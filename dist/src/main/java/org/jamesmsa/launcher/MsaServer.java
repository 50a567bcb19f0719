package org.jamesmsa.launcher;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.james.GuiceJamesServer;
import org.apache.james.MemoryJamesConfiguration;
import org.apache.james.MemoryJamesServerMain;
import org.apache.james.server.core.configuration.Configuration.ConfigurationPath;

import com.google.inject.Module;

/**
 * The stock James 3.8.1 memory server, configured by the packaged conf/ and the operator's settings. The launcher
 * and the integration tests both build the server here, so the tests run what operators run.
 */
public final class MsaServer {

    private MsaServer() {
    }

    /**
     * @param overrides Guice modules replacing bindings of the stock server (tests inject failures this way)
     */
    public static GuiceJamesServer create(MsaSettings settings, TlsMaterial tls, Path confDirectory, Module... overrides)
            throws InvalidSettingException {
        if (!Files.isRegularFile(confDirectory.resolve("smtpserver.xml"))) {
            throw new InvalidSettingException("configuration folder " + confDirectory.toAbsolutePath()
                + " has no smtpserver.xml (set msa.conf.dir)");
        }
        settings.systemProperties(tls).forEach(System::setProperty);
        MemoryJamesConfiguration configuration = MemoryJamesConfiguration.builder()
            .workingDirectory(settings.home().toFile())
            .configurationPath(new ConfigurationPath("file://" + confDirectory.toAbsolutePath().normalize() + "/"))
            .build();
        return MemoryJamesServerMain.createServer(configuration)
            .overrideWith(overrides);
    }
}
