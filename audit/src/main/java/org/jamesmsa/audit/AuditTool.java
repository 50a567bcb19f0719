package org.jamesmsa.audit;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code james-msa-audit}: the operators' view of the audit records.
 *
 * <pre>
 * james-msa-audit [--dir DIR] find [--message-id ID] [--trace TOKEN] [--user LOGIN] [--ip ADDRESS]
 *                                  [--since RFC3339] [--until RFC3339] [--json]
 * james-msa-audit [--dir DIR] verify
 * </pre>
 * DIR defaults to MSA_AUDIT_DIR, else $MSA_HOME/audit. Exit status: 0 done (verify: chain intact), 1 verify found
 * a break, 2 bad usage or unreadable folder.
 */
public final class AuditTool {
    private static final String USAGE = String.join("\n",
        "usage: james-msa-audit [--dir DIR] find [--message-id ID] [--trace TOKEN] [--user LOGIN] [--ip ADDRESS]",
        "                                        [--since 2026-01-31T00:00:00Z] [--until ...] [--json]",
        "       james-msa-audit [--dir DIR] verify",
        "DIR defaults to $MSA_AUDIT_DIR, else $MSA_HOME/audit.");

    private AuditTool() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** The tool without System.exit, for embedding and tests: returns the exit status. */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        Deque<String> words = new ArrayDeque<>(List.of(args));
        Optional<Path> dir = Optional.empty();
        if ("--dir".equals(words.peek())) {
            words.pop();
            if (words.isEmpty()) {
                return usage(err, "--dir needs a folder");
            }
            dir = Optional.of(Path.of(words.pop()));
        }
        Path directory = dir.or(() -> Optional.ofNullable(env.get("MSA_AUDIT_DIR")).filter(s -> !s.isBlank()).map(Path::of))
            .or(() -> Optional.ofNullable(env.get("MSA_HOME")).filter(s -> !s.isBlank()).map(home -> Path.of(home, "audit")))
            .orElse(null);
        if (directory == null) {
            return usage(err, "no audit folder: give --dir, or set MSA_AUDIT_DIR or MSA_HOME");
        }
        String command = words.isEmpty() ? "" : words.pop();
        try {
            switch (command) {
                case "find":
                    return find(directory, words, out, err);
                case "verify":
                    return verify(directory, out);
                default:
                    return usage(err, command.isEmpty() ? "no command" : "unknown command '" + command + "'");
            }
        } catch (IOException e) {
            err.println("james-msa-audit: cannot read " + directory + ": " + e.getMessage());
            return 2;
        }
    }

    private static int find(Path directory, Deque<String> words, PrintStream out, PrintStream err) throws IOException {
        Optional<String> messageId = Optional.empty();
        Optional<String> trace = Optional.empty();
        Optional<String> user = Optional.empty();
        Optional<String> ip = Optional.empty();
        Optional<Instant> since = Optional.empty();
        Optional<Instant> until = Optional.empty();
        boolean json = false;
        while (!words.isEmpty()) {
            String option = words.pop();
            if (option.equals("--json")) {
                json = true;
                continue;
            }
            if (words.isEmpty()) {
                return usage(err, option + " needs a value");
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
                        since = Optional.of(Instant.parse(value));
                        break;
                    case "--until":
                        until = Optional.of(Instant.parse(value));
                        break;
                    default:
                        return usage(err, "unknown option '" + option + "'");
                }
            } catch (DateTimeParseException e) {
                return usage(err, option + " '" + value + "' is not an RFC 3339 UTC time such as 2026-01-31T00:00:00Z");
            }
        }
        List<JsonNode> records = AuditQuery.find(directory,
            new AuditQuery.Filter(messageId, trace, user, ip, since, until));
        if (json) {
            records.forEach(out::println);
        } else {
            out.printf("%-24s  %-16s  %-11s  %-24s  %-15s  %-28s  %-28s  %s%n",
                "ts", "traceId", "listener", "authUser", "clientIp", "mailFrom", "rcptTo", "messageId");
            for (JsonNode r : records) {
                out.printf("%-24s  %-16s  %-11s  %-24s  %-15s  %-28s  %-28s  %s%n",
                    AuditQuery.text(r, AuditField.TS), AuditQuery.text(r, AuditField.TRACE_ID),
                    AuditQuery.text(r, AuditField.LISTENER), orDash(AuditQuery.text(r, AuditField.AUTH_USER)),
                    AuditQuery.text(r, AuditField.CLIENT_IP), "<" + AuditQuery.text(r, AuditField.MAIL_FROM) + ">",
                    String.join(",", texts(r.path(AuditField.RCPT_TO.json()))), AuditQuery.text(r, AuditField.MESSAGE_ID));
            }
        }
        err.println(records.size() + " record(s) in " + directory);
        return 0;
    }

    private static String orDash(String text) {
        return text.isEmpty() ? "-" : text;
    }

    private static List<String> texts(JsonNode array) {
        List<String> values = new java.util.ArrayList<>();
        array.forEach(node -> values.add(node.asText()));
        return values;
    }

    private static int verify(Path directory, PrintStream out) throws IOException {
        AuditQuery.Verification verification = AuditQuery.verify(directory);
        verification.startsAfter().ifPresent(prev ->
            out.println("note: the oldest record follows " + prev + ", a record removed by retention"));
        if (verification.intact()) {
            out.println("OK: " + verification.records() + " records, hash chain intact in " + directory);
            return 0;
        }
        out.println("BROKEN: " + verification.firstBroken().get() + " (" + verification.records()
            + " records verified before it)");
        return 1;
    }

    private static int usage(PrintStream err, String problem) {
        err.println("james-msa-audit: " + problem);
        err.println(USAGE);
        return 2;
    }
}
