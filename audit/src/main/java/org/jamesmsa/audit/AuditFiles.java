package org.jamesmsa.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** The audit folder: one file per UTC day, {@code audit-YYYY-MM-DD.jsonl}, one JSON record per line. */
public final class AuditFiles {
    static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSX").withZone(ZoneOffset.UTC);
    private static final Pattern NAME = Pattern.compile("audit-(\\d{4}-\\d{2}-\\d{2})\\.jsonl");

    private AuditFiles() {
    }

    static Path fileFor(Path directory, LocalDate day) {
        return directory.resolve("audit-" + day + ".jsonl");
    }

    static Optional<LocalDate> dayOf(Path file) {
        Matcher matcher = NAME.matcher(file.getFileName().toString());
        return matcher.matches() ? Optional.of(LocalDate.parse(matcher.group(1))) : Optional.empty();
    }

    /** The audit files of the folder, oldest first. Other files are ignored. */
    public static List<Path> list(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> dayOf(file).isPresent())
                .sorted((a, b) -> dayOf(a).get().compareTo(dayOf(b).get()))
                .toList();
        }
    }
}
