package org.jamesmsa.extension;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.james.filesystem.api.FileSystem;
import org.apache.james.server.core.JamesServerResourceLoader;
import org.apache.james.server.core.configuration.Configuration.ConfigurationPath;
import org.apache.james.server.core.filesystem.FileSystemImpl;
import org.apache.james.utils.PropertiesProvider;

/** james-msa.properties as James reads it (PropertiesProvider over FileSystemImpl), in a working folder of a test. */
final class TestServiceSettings {
    final FileSystem fileSystem;
    final PropertiesProvider properties;

    TestServiceSettings(Path working, String james_msa_properties) throws Exception {
        Path conf = Files.createDirectories(working.resolve("conf"));
        if (james_msa_properties != null) {
            Files.writeString(conf.resolve("james-msa.properties"), james_msa_properties);
        }
        fileSystem = new FileSystemImpl(new JamesServerResourceLoader(working.toString()));
        properties = new PropertiesProvider(fileSystem, new ConfigurationPath("file://" + conf + "/"));
    }

    ServiceSettings read() throws Exception {
        return ServiceSettings.read(properties, fileSystem);
    }
}
