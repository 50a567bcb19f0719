package org.jamesmsa.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Stock James 3.8.1, to prove the bundle as operators add it: the memory server of Maven Central with its own JARs
 * and none of this project's (assembled by the stock-james module).
 */
final class StockJames {
    private StockJames() {
    }

    static Path libraries() {
        return Path.of(System.getProperty("msa.stock.james.lib"));
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
