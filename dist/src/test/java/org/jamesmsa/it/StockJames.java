package org.jamesmsa.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Stock James 3.8.1, to prove the bundle as operators add it: its own JARs, without this project's. */
final class StockJames {
    private StockJames() {
    }

    /** A folder holding James's JARs only: the distribution's lib/ without the james-msa-* ones. */
    static Path libraries() throws Exception {
        Path lib = Files.createTempDirectory("stock-james-lib");
        try (Stream<Path> jars = Files.list(Path.of(System.getProperty("msa.dist.dir")).resolve("lib"))) {
            for (Path jar : jars.filter(j -> !j.getFileName().toString().startsWith("james-msa-")).toList()) {
                Files.createSymbolicLink(lib.resolve(jar.getFileName()), jar);
            }
        }
        return lib;
    }

    static void copyTree(Path from, Path to) throws Exception {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        }
    }
}
