package org.jamesmsa.server;

import java.nio.file.Path;
import java.util.Map;

import javax.persistence.EntityManagerFactory;
import javax.persistence.Persistence;

import org.apache.commons.configuration2.BaseHierarchicalConfiguration;

/** The server's own persistence unit on a new embedded Derby: the tables James's JPA stores use in production. */
final class JpaTestDatabase {
    private JpaTestDatabase() {
    }

    static EntityManagerFactory open(Path folder) {
        return Persistence.createEntityManagerFactory(JpaDataModule.PERSISTENCE_UNIT, Map.of(
            "openjpa.ConnectionDriverName", "org.apache.derby.jdbc.EmbeddedDriver",
            "openjpa.ConnectionURL", "jdbc:derby:" + folder.resolve("derby") + ";create=true",
            "openjpa.Log", "slf4j"));
    }

    /** A configuration file's root with these child elements, name then value. */
    static BaseHierarchicalConfiguration configuration(String... elements) {
        BaseHierarchicalConfiguration configuration = new BaseHierarchicalConfiguration();
        for (int i = 0; i < elements.length; i += 2) {
            configuration.addProperty(elements[i], elements[i + 1]);
        }
        return configuration;
    }
}
