package org.jamesmsa.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The JARs the distribution ships in drop-in/extensions-jars must load on the official apache/james:*-3.8.1 images,
 * which run Java 11: no class may have a class-file version above 55. They hold this project's classes only; James
 * brings dnsjava, Jackson and the rest.
 */
class DropInJarsTest {
    private static final int JAVA_11 = 55;
    private static final Path EXTENSION_JARS = Path.of(System.getProperty("msa.dist.dir")).resolve("drop-in/extensions-jars");

    private static List<Path> jars() throws IOException {
        try (Stream<Path> files = Files.list(EXTENSION_JARS)) {
            return files.filter(file -> file.toString().endsWith(".jar")).sorted().toList();
        }
    }

    @Test
    void theBundlesJarsAreShipped() throws IOException {
        assertThat(jars()).extracting(jar -> jar.getFileName().toString())
            .allMatch(name -> name.startsWith("james-msa-"))
            .anyMatch(name -> name.startsWith("james-msa-smtp-hooks-"))
            .anyMatch(name -> name.startsWith("james-msa-mailets-"))
            .anyMatch(name -> name.startsWith("james-msa-audit-"))
            .anyMatch(name -> name.startsWith("james-msa-client-validation-"))
            .noneMatch(name -> name.startsWith("james-msa-durable-server-"));
    }

    @Test
    void everyClassLoadsOnJava11() throws IOException {
        List<String> tooNew = new ArrayList<>();
        int classes = 0;
        for (Path jar : jars()) {
            try (JarFile file = new JarFile(jar.toFile())) {
                for (JarEntry entry : Collections.list(file.entries())) {
                    if (!entry.getName().endsWith(".class")) {
                        continue;
                    }
                    classes++;
                    int major = majorVersion(file, entry);
                    if (major > JAVA_11) {
                        tooNew.add(jar.getFileName() + "!" + entry.getName() + " has class-file version " + major);
                    }
                }
            }
        }
        assertThat(classes).as("classes checked").isGreaterThan(20);
        assertThat(tooNew).as("classes newer than Java 11 (55)").isEmpty();
    }

    @Test
    void onlyThisProjectsClassesAreInside() throws IOException {
        for (Path jar : jars()) {
            try (JarFile file = new JarFile(jar.toFile())) {
                assertThat(Collections.list(file.entries())).extracting(JarEntry::getName)
                    .filteredOn(name -> name.endsWith(".class"))
                    .as(jar.getFileName().toString())
                    .allMatch(name -> name.startsWith("org/jamesmsa/"));
            }
        }
    }

    /** Bytes 6-7 of a class file, after the magic number and the minor version. */
    private static int majorVersion(JarFile file, JarEntry entry) throws IOException {
        try (InputStream in = file.getInputStream(entry); DataInputStream data = new DataInputStream(in)) {
            int magic = data.readInt();
            assertThat(magic).as(entry.getName() + " is a class file").isEqualTo(0xCAFEBABE);
            data.readUnsignedShort();
            return data.readUnsignedShort();
        }
    }
}
