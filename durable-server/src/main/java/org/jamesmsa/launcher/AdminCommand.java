package org.jamesmsa.launcher;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jamesmsa.contracts.MachineName;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

/**
 * {@code james-msa admin ...}: accounts, domains, aliases, per-user limits and the queues, through the local server's
 * webadmin, so that an operator needs neither curl nor JSON. It finds webadmin as the server does, from the same
 * variables (MSA_WEBADMIN_BIND, MSA_WEBADMIN_PORT, MSA_WEBADMIN_PASSWORD). Passwords are read from a prompt without
 * echo, or from the first line of standard input when it is not a terminal, never from the command line (which
 * shells keep in their history and {@code ps} shows). Every error is one line and a non-zero status: 2 for a
 * command this does not know, 1 for a refusal or a server that does not answer.
 */
public final class AdminCommand {
    static final String USAGE = String.join("\n",
        "usage: james-msa admin [--json] COMMAND",
        "  user add USER | user passwd USER | user del USER | user list      (the password is asked, or read from stdin)",
        "  user suspend USER REASON... | user resume USER [--discard] | user suspended",
        "                                 (suspend: 535 5.7.8 at AUTH, its mail held; resume: held mail sent on, or discarded)",
        "  domain add DOMAIN | domain del DOMAIN | domain list",
        "  alias add ALIAS USER | alias del ALIAS USER | alias list",
        "  limits show [USER] | limits set USER MESSAGES_PER_HOUR RECIPIENTS_PER_HOUR | limits reset USER",
        "  queue list | queue flush QUEUE                                      (flush: delayed mail is tried now)",
        "  dkim record DOMAIN                                                  (the DNS records of the keys in use, RSA and Ed25519)");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where the command reads and writes: the process's, or a test's. */
    public static final class Io {
        final BufferedReader in;
        final Optional<Console> console;
        final PrintStream out;
        final PrintStream err;

        public Io(BufferedReader in, Optional<Console> console, PrintStream out, PrintStream err) {
            this.in = in;
            this.console = console;
            this.out = out;
            this.err = err;
        }
    }

    /** Refused: one line for the operator, and the exit status. */
    static final class Refusal extends Exception {
        final int status;

        Refusal(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final Optional<String> password;
    private final Io io;
    private boolean json;
    /** The command as typed, to name what webadmin refused. */
    private String doing = "";

    private AdminCommand(String base, Optional<String> password, Io io) {
        this.base = base;
        this.password = password;
        this.io = io;
    }

    /** Runs {@code args} (after "admin") against the webadmin the environment names; returns the exit status. */
    public static int run(List<String> args, Map<String, String> env, Io io) {
        String host = value(env, "MSA_WEBADMIN_BIND").orElse("127.0.0.1");
        String port = value(env, "MSA_WEBADMIN_PORT").orElse("8000");
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        if (host.equals("0.0.0.0")) {
            host = "127.0.0.1";
        }
        AdminCommand command = new AdminCommand("http://" + host + ":" + port, value(env, "MSA_WEBADMIN_PASSWORD"), io);
        try {
            command.execute(new ArrayDeque<>(args));
            return 0;
        } catch (Refusal refusal) {
            io.err.println("james-msa admin: " + refusal.getMessage());
            if (refusal.status == 2) {
                io.err.println(USAGE);
            }
            return refusal.status;
        }
    }

    private static Optional<String> value(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).map(String::strip).filter(v -> !v.isEmpty());
    }

    private void execute(Deque<String> words) throws Refusal {
        if ("--json".equals(words.peek())) {
            words.pop();
            json = true;
        }
        doing = String.join(" ", words);
        String noun = next(words, "a command");
        String verb = next(words, noun + " needs what to do");
        switch (noun + " " + verb) {
            case "user add":
                put("/users/" + path(userBeforePassword(words)), passwordJson());
                done("user added");
                break;
            case "user passwd":
                put("/users/" + path(userBeforePassword(words)) + "?force", passwordJson());
                done("password changed");
                break;
            case "user del":
                delete("/users/" + path(last(words, "USER")));
                done("user deleted");
                break;
            case "user list":
                none(words);
                table(get("/users"), List.of("username"));
                break;
            case "user suspend": {
                String user = next(words, "USER REASON");
                if (words.isEmpty()) {
                    throw new Refusal(2, "missing REASON: say why, the audit record keeps it");
                }
                String reason = String.join(" ", words);
                String route = "/msa/suspensions/" + path(user);
                JsonNode answer = parse(put(route, JSON.createObjectNode().put("reason", reason).put("by", operator()).toString()), "PUT " + route);
                done("suspended; " + answer.path("heldFromQueue").asInt() + " queued message(s) held");
                break;
            }
            case "user resume": {
                String user = next(words, "USER");
                boolean discard = "--discard".equals(words.peek());
                if (discard) {
                    words.pop();
                }
                none(words);
                String route = "/msa/suspensions/" + path(user) + "?held=" + (discard ? "discard" : "deliver") + "&by=" + path(operator());
                JsonNode answer = parse(delete(route), "DELETE " + route);
                done(discard ? "resumed; " + answer.path("discarded").asInt() + " held message(s) discarded"
                    : "resumed; " + answer.path("delivered").asInt() + " held message(s) sent on");
                break;
            }
            case "user suspended":
                none(words);
                suspendedTable(get("/msa/suspensions"));
                break;
            case "domain add":
                put("/domains/" + path(last(words, "DOMAIN")), "");
                done("domain added");
                break;
            case "domain del":
                delete("/domains/" + path(last(words, "DOMAIN")));
                done("domain deleted");
                break;
            case "domain list":
                none(words);
                column(get("/domains"), "domain");
                break;
            case "alias add":
            case "alias del": {
                String alias = next(words, "ALIAS USER");
                String user = last(words, "USER");
                String route = "/address/aliases/" + path(user) + "/sources/" + path(alias);
                if (verb.equals("add")) {
                    put(route, "");
                } else {
                    delete(route);
                }
                done(verb.equals("add") ? "alias added" : "alias deleted");
                break;
            }
            case "alias list":
                none(words);
                aliases();
                break;
            case "limits show":
                if (words.isEmpty()) {
                    limitsTable(get("/msa/user-limits"));
                } else {
                    String user = last(words, "USER");
                    limitsTable(JSON.createObjectNode().set(user, get("/msa/user-limits/" + path(user))));
                }
                break;
            case "limits set": {
                String user = next(words, "USER MESSAGES_PER_HOUR RECIPIENTS_PER_HOUR");
                int messages = count(next(words, "MESSAGES_PER_HOUR RECIPIENTS_PER_HOUR"));
                int recipients = count(last(words, "RECIPIENTS_PER_HOUR"));
                put("/msa/user-limits/" + path(user), JSON.createObjectNode().put("messagesPerHour", messages)
                    .put("recipientsPerHour", recipients).toString());
                done("limits set");
                break;
            }
            case "limits reset":
                delete("/msa/user-limits/" + path(last(words, "USER")));
                done("limits back to the listener's");
                break;
            case "queue list":
                none(words);
                queues();
                break;
            case "dkim record": {
                JsonNode dkim = get("/msa/dkim/" + path(last(words, "DOMAIN")));
                if (json) {
                    io.out.println(dkim);
                } else {
                    io.out.println(dkim.path("record").asText());
                    if (dkim.has("ed25519")) {
                        io.out.println(dkim.path("ed25519").path("record").asText());
                    }
                }
                break;
            }
            case "queue flush":
                patch("/mailQueues/" + path(last(words, "QUEUE")) + "/mails?delayed=true", "{\"delayed\": false}");
                done("delayed mail of the queue is tried now");
                break;
            default:
                throw new Refusal(2, "unknown command '" + noun + " " + verb + "'");
        }
    }

    private static String next(Deque<String> words, String wanted) throws Refusal {
        if (words.isEmpty()) {
            throw new Refusal(2, "missing " + wanted);
        }
        return words.pop();
    }

    /** The command's last word; anything after it is refused rather than ignored. */
    private static String last(Deque<String> words, String wanted) throws Refusal {
        String word = next(words, wanted);
        none(words);
        return word;
    }

    private static void none(Deque<String> words) throws Refusal {
        if (!words.isEmpty()) {
            throw new Refusal(2, "unexpected '" + String.join(" ", words) + "'");
        }
    }

    private static String userBeforePassword(Deque<String> words) throws Refusal {
        String user = next(words, "USER");
        if (!words.isEmpty()) {
            throw new Refusal(2, "a password is never taken from the command line (shells keep it): type it at the "
                + "prompt, or give it on standard input");
        }
        return user;
    }

    private static int count(String word) throws Refusal {
        try {
            int value = Integer.parseInt(word);
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new Refusal(2, "'" + word + "' is not a number of 0 or more (0: no limit)");
    }

    private static String path(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private String passwordJson() throws Refusal {
        String secret;
        if (io.console.isPresent()) {
            char[] first = io.console.get().readPassword("Password: ");
            char[] again = io.console.get().readPassword("Again: ");
            if (first == null || again == null || !new String(first).equals(new String(again))) {
                throw new Refusal(1, "the two passwords differ; nothing changed");
            }
            secret = new String(first);
        } else {
            try {
                secret = Optional.ofNullable(io.in.readLine()).orElse("");
            } catch (IOException e) {
                throw new Refusal(1, "cannot read the password from standard input: " + e.getMessage());
            }
        }
        if (secret.isEmpty()) {
            throw new Refusal(1, "empty password; nothing changed");
        }
        return JSON.createObjectNode().put("password", secret).toString();
    }

    private void done(String what) {
        if (json) {
            io.out.println(JSON.createObjectNode().put("result", what));
        } else {
            io.out.println(what);
        }
    }

    private void table(JsonNode rows, List<String> columns) {
        if (json) {
            io.out.println(rows);
            return;
        }
        io.out.println(String.join("\t", columns));
        for (JsonNode row : rows) {
            List<String> cells = new ArrayList<>();
            columns.forEach(column -> cells.add(row.path(column).asText()));
            io.out.println(String.join("\t", cells));
        }
    }

    private void column(JsonNode values, String title) {
        if (json) {
            io.out.println(values);
            return;
        }
        io.out.println(title);
        values.forEach(value -> io.out.println(value.asText()));
    }

    private void aliases() throws Refusal {
        ArrayNode all = JSON.createArrayNode();
        for (JsonNode user : get("/address/aliases")) {
            for (JsonNode source : get("/address/aliases/" + path(user.asText()))) {
                all.addObject().put("alias", source.path("source").asText()).put("user", user.asText());
            }
        }
        table(all, List.of("alias", "user"));
    }

    /** Who runs the command, on which machine: what the audit record names as the one who suspended or resumed. */
    private static String operator() {
        return System.getProperty("user.name", "unknown") + "@" + MachineName.canonical() + " (james-msa admin)";
    }

    private void suspendedTable(JsonNode byUser) {
        if (json) {
            io.out.println(byUser);
            return;
        }
        io.out.println("user\tsince\tby\treason");
        for (Iterator<Map.Entry<String, JsonNode>> users = byUser.fields(); users.hasNext(); ) {
            Map.Entry<String, JsonNode> user = users.next();
            io.out.println(user.getKey() + "\t" + user.getValue().path("since").asText() + "\t" + user.getValue().path("by").asText()
                + "\t" + user.getValue().path("reason").asText());
        }
    }

    private void limitsTable(JsonNode byUser) {
        if (json) {
            io.out.println(byUser);
            return;
        }
        io.out.println("user\tmessagesPerHour\trecipientsPerHour");
        for (Iterator<Map.Entry<String, JsonNode>> users = byUser.fields(); users.hasNext(); ) {
            Map.Entry<String, JsonNode> user = users.next();
            io.out.println(user.getKey() + "\t" + user.getValue().path("messagesPerHour").asText() + "\t"
                + user.getValue().path("recipientsPerHour").asText());
        }
    }

    private void queues() throws Refusal {
        ArrayNode all = JSON.createArrayNode();
        for (JsonNode name : get("/mailQueues")) {
            JsonNode queue = get("/mailQueues/" + path(name.asText()));
            all.addObject().put("queue", name.asText()).put("size", queue.path("size").asLong());
        }
        table(all, List.of("queue", "size"));
    }

    private JsonNode get(String route) throws Refusal {
        return parse(send(request(route).GET(), route), "GET " + route);
    }

    private static JsonNode parse(String body, String request) throws Refusal {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new Refusal(1, "webadmin answered " + request + " with something that is not JSON");
        }
    }

    private String put(String route, String body) throws Refusal {
        return send(request(route).PUT(HttpRequest.BodyPublishers.ofString(body)), route);
    }

    private void patch(String route, String body) throws Refusal {
        send(request(route).method("PATCH", HttpRequest.BodyPublishers.ofString(body)), route);
    }

    private String delete(String route) throws Refusal {
        return send(request(route).DELETE(), route);
    }

    private HttpRequest.Builder request(String route) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + route)).timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json");
        password.ifPresent(secret -> request.header("Authorization", "Basic "
            + Base64.getEncoder().encodeToString(("admin:" + secret).getBytes(StandardCharsets.UTF_8))));
        return request;
    }

    private String send(HttpRequest.Builder request, String route) throws Refusal {
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (ConnectException e) {
            throw new Refusal(1, "webadmin at " + base + " does not answer: is the server running (MSA_WEBADMIN_PORT)?");
        } catch (IOException e) {
            throw new Refusal(1, "webadmin at " + base + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Refusal(1, "interrupted");
        }
        int status = response.statusCode();
        if (status == 401 || status == 403) {
            throw new Refusal(1, "webadmin refused the password: set MSA_WEBADMIN_PASSWORD as the server has it");
        }
        if (status / 100 != 2) {
            throw new Refusal(1, doing + ": " + reason(response.body(), status));
        }
        return response.body();
    }

    /** James's error JSON names what is wrong in {@code message} (and {@code details}). */
    private static String reason(String body, int status) {
        try {
            JsonNode error = JSON.readTree(body);
            String message = error.path("message").asText("");
            String details = error.path("details").asText("");
            if (!message.isEmpty()) {
                return message + (details.isEmpty() || details.equals(message) ? "" : ": " + details);
            }
        } catch (IOException notJson) {
            // the status says it
        }
        return "webadmin answered HTTP " + status;
    }
}
