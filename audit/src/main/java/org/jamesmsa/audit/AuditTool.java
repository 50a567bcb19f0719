package org.jamesmsa.audit;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code james-msa-audit}: the operators' view of the audit records.
 *
 * <pre>
 * james-msa-audit [--dir DIR]... [--anchors DIR] find [--message-id ID] [--trace TOKEN] [--user LOGIN] [--ip ADDRESS]
 *                                                     [--since TIME] [--until TIME] [--body-of FILE] [--accounts] [--json]
 * james-msa-audit [--dir DIR]... [--anchors DIR] verify [--public-key PEM] [--json]
 * </pre>
 * DIR defaults to MSA_AUDIT_DIR, else $MSA_HOME/audit; the anchors to MSA_AUDIT_ANCHOR_DIR, else the folder beside
 * it. Several {@code --dir}: the folders of several nodes, each its own chain (with the anchors beside it), verified
 * one by one, their records found together in time order. TIME is RFC 3339, a UTC day, or an age (7d). Exit status: 0 done (verify: nothing wrong), 1 verify found a
 * problem, 2 bad usage, or no audit records to read.
 */
public final class AuditTool {
    private static final String USAGE = String.join("\n",
        "usage: james-msa-audit [--dir DIR]... [--anchors DIR] find [--message-id ID] [--trace TOKEN] [--user LOGIN]",
        "                           [--ip ADDRESS] [--since TIME] [--until TIME] [--body-of FILE] [--accounts] [--json]",
        "       james-msa-audit [--dir DIR]... [--anchors DIR] verify [--public-key PEM] [--json]",
        "TIME: 2026-11-25T08:00:00Z, 2026-11-25 (a UTC day, whole), or an age: 30m, 12h, 7d, 2w.",
        "DIR defaults to $MSA_AUDIT_DIR, else $MSA_HOME/audit; anchors to $MSA_AUDIT_ANCHOR_DIR, else DIR-anchors.",
        "Several --dir (one per node): every chain verified, records found across them in time order.",
        "--accounts: what operators did to accounts (suspend, resume) instead of messages.",
        "--body-of FILE: the message whose body that copy (a complaint's attachment, a saved .eml) has, whatever its headers.");

    /** Where the tool writes, and whether a person watches (progress lines only then). */
    public static final class Console {
        final PrintStream out;
        final PrintStream err;
        final boolean terminal;
        final Clock clock;

        public Console(PrintStream out, PrintStream err, boolean terminal, Clock clock) {
            this.out = out;
            this.err = err;
            this.terminal = terminal;
            this.clock = clock;
        }
    }

    private AuditTool() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), new Console(System.out, System.err, System.console() != null, Clock.systemUTC())));
    }

    /** The tool without System.exit, for embedding and tests: returns the exit status. */
    public static int run(String[] args, Map<String, String> env, Console console) {
        Deque<String> words = new ArrayDeque<>(List.of(args));
        List<Path> dirs = new ArrayList<>();
        Optional<Path> anchors = Optional.empty();
        while ("--dir".equals(words.peek()) || "--anchors".equals(words.peek())) {
            String option = words.pop();
            if (words.isEmpty()) {
                return usage(console, option + " needs a folder");
            }
            if (option.equals("--dir")) {
                dirs.add(Path.of(words.pop()));
            } else {
                anchors = Optional.of(Path.of(words.pop()));
            }
        }
        if (dirs.isEmpty()) {
            variable(env, "MSA_AUDIT_DIR").map(Path::of).or(() -> variable(env, "MSA_HOME").map(home -> Path.of(home, "audit")))
                .ifPresent(dirs::add);
        }
        if (dirs.isEmpty()) {
            return usage(console, "no audit folder: give --dir, or set MSA_AUDIT_DIR or MSA_HOME");
        }
        if (dirs.size() > 1 && anchors.isPresent()) {
            return usage(console, "--anchors names the anchors of one folder; with several --dir each folder's are beside it");
        }
        Optional<Path> anchorDirectory = anchors.or(() -> dirs.size() == 1 ? variable(env, "MSA_AUDIT_ANCHOR_DIR").map(Path::of) : Optional.empty());
        String command = words.isEmpty() ? "" : words.pop();
        try {
            switch (command) {
                case "find":
                    return find(dirs, words, console);
                case "verify":
                    return verify(dirs, anchorDirectory, words, console);
                default:
                    return usage(console, command.isEmpty() ? "no command" : "unknown command '" + command + "'");
            }
        } catch (AuditVerifier.NothingToVerify e) {
            console.err.println("james-msa-audit: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            console.err.println("james-msa-audit: cannot read " + dirs + ": " + e.getMessage());
            return 2;
        }
    }

    private static Optional<String> variable(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).filter(value -> !value.isBlank());
    }

    private static int find(List<Path> directories, Deque<String> words, Console console) throws IOException {
        Optional<String> messageId = Optional.empty();
        Optional<String> trace = Optional.empty();
        Optional<String> user = Optional.empty();
        Optional<String> ip = Optional.empty();
        Optional<Instant> since = Optional.empty();
        Optional<Instant> until = Optional.empty();
        Optional<String> bodySha256 = Optional.empty();
        boolean json = false;
        boolean accounts = false;
        while (!words.isEmpty()) {
            String option = words.pop();
            if (option.equals("--json")) {
                json = true;
                continue;
            }
            if (option.equals("--accounts")) {
                accounts = true;
                continue;
            }
            if (words.isEmpty()) {
                return usage(console, option + " needs a value");
            }
            String value = words.pop();
            try {
                switch (option) {
                    case "--message-id":
                        messageId = Optional.of(value);
                        break;
                    case "--trace":
                        trace = Optional.of(value);
                        break;
                    case "--user":
                        user = Optional.of(value);
                        break;
                    case "--ip":
                        ip = Optional.of(value);
                        break;
                    case "--since":
                        since = Optional.of(AuditQuery.time(value, AuditQuery.Bound.SINCE, console.clock));
                        break;
                    case "--until":
                        until = Optional.of(AuditQuery.time(value, AuditQuery.Bound.UNTIL, console.clock));
                        break;
                    case "--body-of":
                        bodySha256 = Optional.of(bodyHashOf(Path.of(value)));
                        break;
                    default:
                        return usage(console, "unknown option '" + option + "'");
                }
            } catch (IllegalArgumentException e) {
                return usage(console, option + " " + e.getMessage());
            }
        }
        AuditQuery.Filter filter = new AuditQuery.Filter(messageId, trace, user, ip, since, until)
            .ofType(accounts ? AuditMarkers.ACCOUNT : AuditMarkers.MESSAGE);
        if (bodySha256.isPresent()) {
            filter = filter.withBodySha256(bodySha256.get());
        }
        List<JsonNode> records = new ArrayList<>();
        for (Path directory : directories) {
            AuditVerifier.requireAuditFiles(directory);
            records.addAll(AuditQuery.find(directory, filter));
        }
        // RFC 3339 in UTC with milliseconds: the text sorts as the time; a stable sort keeps each chain's order.
        records.sort(java.util.Comparator.comparing(r -> AuditQuery.text(r, AuditField.TS)));
        if (json) {
            records.forEach(console.out::println);
        } else if (accounts) {
            String format = "%-24s  %-12s  %-8s  %-24s  %-5s  %-30s  %s%n";
            console.out.printf(format, names(AuditField.TS, AuditField.NODE, AuditField.ACTION, AuditField.AUTH_USER, AuditField.HELD,
                AuditField.BY, AuditField.REASON));
            for (JsonNode r : records) {
                console.out.printf(format, AuditQuery.text(r, AuditField.TS), orDash(AuditQuery.text(r, AuditField.NODE)),
                    AuditQuery.text(r, AuditField.ACTION), AuditQuery.text(r, AuditField.AUTH_USER),
                    orDash(AuditQuery.text(r, AuditField.HELD)), AuditQuery.text(r, AuditField.BY),
                    orDash(AuditQuery.text(r, AuditField.REASON)));
            }
        } else {
            String format = "%-24s  %-12s  %-10s  %-16s  %-11s  %-24s  %-15s  %-28s  %-28s  %s%n";
            console.out.printf(format, names(AuditField.TS, AuditField.NODE, AuditField.ORIGIN, AuditField.TRACE_ID, AuditField.LISTENER,
                AuditField.AUTH_USER, AuditField.CLIENT_IP, AuditField.MAIL_FROM, AuditField.RCPT_TO, AuditField.MESSAGE_ID));
            for (JsonNode r : records) {
                console.out.printf(format, AuditQuery.text(r, AuditField.TS), orDash(AuditQuery.text(r, AuditField.NODE)),
                    orDash(AuditQuery.text(r, AuditField.ORIGIN)),
                    orDash(AuditQuery.text(r, AuditField.TRACE_ID)), orDash(AuditQuery.text(r, AuditField.LISTENER)),
                    orDash(AuditQuery.text(r, AuditField.AUTH_USER)), orDash(AuditQuery.text(r, AuditField.CLIENT_IP)),
                    "<" + AuditQuery.text(r, AuditField.MAIL_FROM) + ">", String.join(",", texts(r.path(AuditField.RCPT_TO.json()))),
                    AuditQuery.text(r, AuditField.MESSAGE_ID));
            }
        }
        console.err.println(records.size() + " record(s) in " + directories.stream().map(Path::toString).collect(java.util.stream.Collectors.joining(", ")));
        return 0;
    }

    /** @throws IllegalArgumentException naming the file, for the one-line usage error */
    private static String bodyHashOf(Path file) {
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
            return BodyHash.ofMessage(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** The columns' titles: the fields' names, as the schema states them once. */
    private static Object[] names(AuditField... fields) {
        return java.util.Arrays.stream(fields).map(AuditField::json).toArray();
    }

    private static String orDash(String text) {
        return text.isEmpty() ? "-" : text;
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(node -> values.add(node.asText()));
        return values;
    }

    private static int verify(List<Path> directories, Optional<Path> anchorDirectory, Deque<String> words, Console console) throws IOException {
        boolean json = false;
        Optional<Path> publicKey = Optional.empty();
        while (!words.isEmpty()) {
            String option = words.pop();
            if (option.equals("--json")) {
                json = true;
            } else if (option.equals("--public-key") && !words.isEmpty()) {
                publicKey = Optional.of(Path.of(words.pop()));
            } else {
                return usage(console, option.equals("--public-key") ? "--public-key needs a PEM file" : "unknown option '" + option + "'");
            }
        }
        boolean intact = true;
        for (Path directory : directories) {
            AuditVerifier.Options options = new AuditVerifier.Options(directory)
                .anchors(anchorDirectory.orElseGet(() -> AuditLog.defaultAnchorDirectory(directory)));
            if (publicKey.isPresent()) {
                options.publicKey(AnchorKeys.verifierFrom(publicKey.get()));
            }
            Consumer<String> progress = console.terminal ? line -> console.err.print("\r" + line + "\u001b[K") : line -> { };
            AuditVerifier.Report report = AuditVerifier.verify(options.progress(progress));
            if (console.terminal) {
                console.err.print("\r\u001b[K");
            }
            if (json) {
                console.out.println(report.toJson());
            } else {
                report.notes().forEach(note -> console.out.println("note: " + note));
                report.problems().forEach(problem -> console.out.println("PROBLEM: " + problem));
                console.out.println((report.intact() ? "OK: " : "BROKEN: ") + report.records() + " records, last record "
                    + report.lastSeq() + ", " + report.anchors() + " anchors, in " + directory
                    + (report.intact() ? "" : " (" + report.problems().size() + " problems)"));
            }
            intact &= report.intact();
        }
        return intact ? 0 : 1;
    }

    private static int usage(Console console, String problem) {
        console.err.println("james-msa-audit: " + problem);
        console.err.println(USAGE);
        return 2;
    }
}
