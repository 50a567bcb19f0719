package org.jamesmsa.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.jamesmsa.contracts.SessionFact;
import org.junit.jupiter.api.Test;

/**
 * Each session fact is named once, in {@link SessionFact}: hooks, mailets, the audit writer and the tool name the
 * constant, never the attribute's text. This fails when a main source file spells a fact's name again.
 */
class SessionFactDeclarationTest {
    private static final Path ROOT = Path.of(System.getProperty("msa.cluster.dir")).getParent();

    private static List<Path> mainSources() throws IOException {
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.filter(file -> file.toString().endsWith(".java"))
                .filter(file -> file.toString().contains("/src/main/java/"))
                .filter(file -> !file.toString().contains("/target/"))
                .collect(Collectors.toList());
        }
    }

    @Test
    void everyFactsNameIsWrittenInItsDeclarationOnly() throws IOException {
        List<Path> sources = mainSources();
        assertThat(sources).anyMatch(file -> file.endsWith("SessionFact.java"));
        for (SessionFact fact : SessionFact.values()) {
            String literal = "\"" + fact.attribute().asString() + "\"";
            List<String> spelledIn = sources.stream().filter(file -> {
                try {
                    return Files.readString(file).contains(literal);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).map(file -> ROOT.relativize(file).toString()).collect(Collectors.toList());
            assertThat(spelledIn).as(fact + " " + literal).singleElement().asString().endsWith("contracts/SessionFact.java");
        }
    }
}
