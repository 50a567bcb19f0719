package org.jamesmsa.audit;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Checks an audit folder and its anchors, and says exactly what is wrong: which file, which line, which sequence
 * numbers. It goes on after a problem, so that one report lists them all.
 * <ul>
 *   <li>every record's hash, and its {@code prev} against the record before: an edited, inserted, deleted or moved
 *   record;</li>
 *   <li>sequence numbers without gaps: how many records are missing, and where;</li>
 *   <li>each file's {@code open} against the file before and its {@code seal}: a deleted file, a file cut short or
 *   replaced by an older copy;</li>
 *   <li>the anchors: the records they name must be there, with the hash they name (records cut from the end, or a
 *   rewritten chain), and their signatures when a public key is given.</li>
 * </ul>
 * What no check can see: records written after the last anchor and then cut (at most one anchor interval), and a
 * chain rewritten from scratch together with its anchors by someone holding the disk and the signing key.
 */
public final class AuditVerifier {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The audit folder is missing or holds no audit file: nothing can be verified. */
    public static final class NothingToVerify extends IOException {
        NothingToVerify(String message) {
            super(message);
        }
    }

    /** What {@link #verify} found. */
    public static final class Report {
        private final long records;
        private final long lastSeq;
        private final String lastHash;
        private final int anchors;
        private final List<String> problems;
        private final List<String> notes;

        Report(long records, long lastSeq, String lastHash, int anchors, List<String> problems, List<String> notes) {
            this.records = records;
            this.lastSeq = lastSeq;
            this.lastHash = lastHash;
            this.anchors = anchors;
            this.problems = List.copyOf(problems);
            this.notes = List.copyOf(notes);
        }

        public boolean intact() {
            return problems.isEmpty();
        }

        /** Message records read. */
        public long records() {
            return records;
        }

        public long lastSeq() {
            return lastSeq;
        }

        public String lastHash() {
            return lastHash;
        }

        public int anchors() {
            return anchors;
        }

        public List<String> problems() {
            return problems;
        }

        public List<String> notes() {
            return notes;
        }

        public ObjectNode toJson() {
            ObjectNode json = MAPPER.createObjectNode();
            json.put("intact", intact());
            json.put("records", records);
            json.putObject("head").put("seq", lastSeq).put("hash", lastHash);
            json.put("anchors", anchors);
            problems.forEach(json.putArray("problems")::add);
            notes.forEach(json.putArray("notes")::add);
            return json;
        }
    }

    /** Where to look, and with what key. */
    public static final class Options {
        private final Path directory;
        private Optional<Path> anchorDirectory = Optional.empty();
        private Optional<AnchorKeys.Verifier> publicKey = Optional.empty();
        private Consumer<String> progress = line -> { };

        public Options(Path directory) {
            this.directory = directory;
        }

        /** Default: {@link AuditLog#defaultAnchorDirectory}. */
        public Options anchors(Path directory) {
            this.anchorDirectory = Optional.of(directory);
            return this;
        }

        public Options publicKey(AnchorKeys.Verifier key) {
            this.publicKey = Optional.of(key);
            return this;
        }

        /** Told of each file as it is read: a progress line for a terminal. */
        public Options progress(Consumer<String> listener) {
            this.progress = listener;
            return this;
        }
    }

    private final List<String> problems = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Map<Long, AuditAnchors.Anchor> anchoredSeqs = new HashMap<>();
    private long records;
    private Optional<Long> lastSeq = Optional.empty();
    private String lastHash = AuditChain.GENESIS;
    private String lastType = AuditMarkers.MESSAGE;
    private Optional<Path> lastFile = Optional.empty();

    private AuditVerifier() {
    }

    /**
     * The audit files of a folder, oldest first; a folder that is missing or empty is refused, as "0 records" would
     * read as "nothing happened".
     */
    public static List<Path> requireAuditFiles(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            throw new NothingToVerify("no audit folder at " + directory);
        }
        List<Path> files = AuditFiles.list(directory);
        if (files.isEmpty()) {
            throw new NothingToVerify(directory + " holds no audit file (audit-YYYY-MM-DD.jsonl)");
        }
        return files;
    }

    public static Report verify(Options options) throws IOException {
        List<Path> files = requireAuditFiles(options.directory);
        AuditVerifier verifier = new AuditVerifier();
        Path anchorDirectory = options.anchorDirectory.orElseGet(() -> AuditLog.defaultAnchorDirectory(options.directory));
        List<AuditAnchors.Anchor> anchors = verifier.readAnchors(anchorDirectory, options.publicKey);
        for (int i = 0; i < files.size(); i++) {
            options.progress.accept("verifying " + files.get(i).getFileName() + " (" + (i + 1) + " of " + files.size() + ")");
            verifier.readFile(files.get(i), i == 0, anchors);
        }
        verifier.checkAnchorsReached(anchors);
        return new Report(verifier.records, verifier.lastSeq.orElse(0L), verifier.lastHash, anchors.size(), verifier.problems,
            verifier.notes);
    }

    private List<AuditAnchors.Anchor> readAnchors(Path directory, Optional<AnchorKeys.Verifier> key) throws IOException {
        List<AuditAnchors.Anchor> anchors = AuditAnchors.read(directory, problems);
        if (anchors.isEmpty()) {
            notes.add("no anchors in " + directory + ": records cut from the end of the newest file cannot be detected");
        }
        for (AuditAnchors.Anchor anchor : anchors) {
            if (key.isPresent()) {
                if (anchor.signature.isEmpty()) {
                    problems.add(anchor + " is not signed, but a public key was given");
                    continue;
                }
                if (!key.get().verifies(anchor.signedText(), anchor.signature.get())) {
                    problems.add(anchor + ": the signature does not verify (a forged or altered anchor)");
                    continue;
                }
            }
            anchoredSeqs.put(anchor.seq, anchor);
        }
        if (!anchors.isEmpty() && key.isEmpty() && anchors.stream().anyMatch(a -> a.signature.isPresent())) {
            notes.add("anchors are signed; give --public-key to check the signatures");
        }
        return anchors;
    }

    private void readFile(Path file, boolean oldest, List<AuditAnchors.Anchor> anchors) throws IOException {
        String name = file.getFileName().toString();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            int number = 0;
            boolean first = true;
            for (String text = reader.readLine(); text != null; text = reader.readLine()) {
                number++;
                String where = name + ":" + number;
                ObjectNode line;
                try {
                    JsonNode node = MAPPER.readTree(text);
                    if (!(node instanceof ObjectNode) || !node.has(AuditField.HASH.json()) || !node.has(AuditField.PREV.json())) {
                        problems.add(where + ": not an audit record");
                        continue;
                    }
                    line = (ObjectNode) node;
                } catch (IOException e) {
                    problems.add(where + ": not JSON");
                    continue;
                }
                if (!first || !fileProblem(file, line, where, oldest, anchors)) {
                    checkLink(line, where);
                }
                first = false;
                checkLine(line, where);
            }
        }
        lastFile = Optional.of(file);
    }

    /**
     * The first line of a file: its open names the file before, which must end with the seal it names. True when a
     * problem (or the start of the chain) was reported, which says all there is to say about the link.
     */
    private boolean fileProblem(Path file, ObjectNode line, String where, boolean oldest, List<AuditAnchors.Anchor> anchors) {
        boolean open = AuditMarkers.OPEN.equals(AuditMarkers.typeOf(line));
        Optional<String> previousFile = open ? AuditMarkers.text(line, AuditMarkers.PREVIOUS_FILE) : Optional.empty();
        Optional<Long> seq = AuditMarkers.seqOf(line);
        if (oldest) {
            String prev = AuditChain.prevOf(line);
            if (!prev.equals(AuditChain.GENESIS)) {
                String missing = previousFile.orElse("the file before " + file.getFileName());
                String range = seq.map(s -> " (records up to " + (s - 1) + ")").orElse("");
                if (anchors.isEmpty()) {
                    notes.add("the chain starts after " + missing + range + "; without anchors, retention cannot be told from deletion");
                } else if (removedByRetention(previousFile, anchors)) {
                    notes.add("the chain starts after " + missing + range + ", removed by retention");
                } else {
                    problems.add(missing + " is missing" + range + ": " + where + " follows it, within the retention period");
                }
            }
            return true;
        }
        String before = lastFile.map(p -> p.getFileName().toString()).orElse("");
        if (open && previousFile.isEmpty()) {
            if (lastSeq.isPresent()) {
                problems.add(where + ": a new chain starts after record " + lastSeq.get() + " of " + before
                    + " (a store written over an older one)");
                lastHash = AuditChain.GENESIS;
                lastSeq = Optional.empty();
                return true;
            }
            return false;
        }
        if (open && previousFile.isPresent() && !previousFile.get().equals(before)) {
            problems.add(previousFile.get() + " is missing" + gap(seq) + ": " + where + " follows it, but the file before is "
                + before);
        } else if (open && !AuditMarkers.SEAL.equals(lastType)) {
            problems.add(before + " does not end with its seal" + gap(seq) + ": cut short, or replaced by an older copy ("
                + where + " names its seal)");
        } else if (open && !AuditMarkers.text(line, AuditMarkers.PREVIOUS_SEAL).orElse("").equals(lastHash)) {
            problems.add(before + " ends with another seal than the one " + where
                + " names: the file was replaced (by an older copy, or rewritten)");
        } else {
            return false;
        }
        return true;
    }

    /** The records a sequence gap says are missing before this one. */
    private String gap(Optional<Long> seq) {
        if (seq.isEmpty() || lastSeq.isEmpty() || seq.get() <= lastSeq.get() + 1) {
            return "";
        }
        return " (" + range(lastSeq.get() + 1, seq.get() - 1) + ")";
    }

    private static String range(long first, long last) {
        return first == last ? "record " + first : "records " + first + " to " + last;
    }

    private boolean removedByRetention(Optional<String> previousFile, List<AuditAnchors.Anchor> anchors) {
        if (previousFile.isEmpty() || anchors.isEmpty()) {
            return true;
        }
        AuditAnchors.Anchor newest = anchors.get(anchors.size() - 1);
        Optional<LocalDate> day = AuditFiles.dayOf(Path.of(previousFile.get()));
        LocalDate horizon = LocalDate.ofInstant(newest.ts, ZoneOffset.UTC).minusDays(newest.retentionDays);
        return newest.retentionDays == 0 || day.map(d -> d.isBefore(horizon)).orElse(true);
    }

    /** A line's link to the line before: {@code prev} and the sequence number. */
    private void checkLink(ObjectNode line, String where) {
        Optional<Long> seq = AuditMarkers.seqOf(line);
        boolean linked = AuditChain.prevOf(line).equals(lastHash);
        if (seq.isPresent() && lastSeq.isPresent() && seq.get() > lastSeq.get() + 1) {
            problems.add(range(lastSeq.get() + 1, seq.get() - 1) + " missing before " + where + " (deleted)");
        } else if (seq.isPresent() && lastSeq.isPresent() && seq.get() <= lastSeq.get()) {
            problems.add(where + ": record " + seq.get() + " comes again after record " + lastSeq.get() + " (inserted or moved)");
        } else if (!linked) {
            problems.add(where + ": prev does not match the record before it (a record was deleted, inserted or moved)");
        }
    }

    private void checkLine(ObjectNode line, String where) {
        String hash = AuditChain.hashOf(line);
        Optional<Long> seq = AuditMarkers.seqOf(line);
        if (!hash.equals(expectedHash(line))) {
            problems.add(where + seq.map(s -> " (record " + s + ")").orElse("") + ": hash does not match the record (altered)");
        }
        seq.map(anchoredSeqs::get).filter(anchor -> !anchor.hash.equals(hash)).ifPresent(anchor ->
            problems.add(where + ": record " + seq.get() + " is not the one the " + anchor + " names (the chain was rewritten)"));
        String type = AuditMarkers.typeOf(line);
        if (AuditMarkers.MESSAGE.equals(type)) {
            records++;
        }
        lastType = type;
        lastHash = hash;
        if (seq.isPresent()) {
            lastSeq = seq;
        }
    }

    private static String expectedHash(ObjectNode line) {
        try {
            return AuditChain.expectedHash(MAPPER, line);
        } catch (IOException e) {
            return "";
        }
    }

    /** Records cut from the end: the newest anchor names a record past the last one there. */
    private void checkAnchorsReached(List<AuditAnchors.Anchor> anchors) {
        anchors.stream().filter(anchor -> anchoredSeqs.get(anchor.seq) == anchor).reduce((a, b) -> b).ifPresent(newest -> {
            long last = lastSeq.orElse(0L);
            if (newest.seq > last) {
                problems.add(range(last + 1, newest.seq) + " missing from the end (cut): the " + newest + " names record "
                    + newest.seq + " in " + newest.file);
            }
        });
    }
}
