package org.jamesmsa.extension;

import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;

import org.apache.james.core.Username;
import org.jamesmsa.contracts.Suspensions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The suspended accounts of one node in one file ({@code limits.suspensionsFile}, packaged in MSA_HOME), changed
 * through webadmin ({@link SuspensionRoutes}) or the admin command ({@link PerUserFile}):
 * <pre>
 * alice@example.org = {"since":"2026-12-03T09:30:00Z","by":"admin","reason":"stolen password"}
 * </pre>
 */
public final class SuspensionsFile implements Suspensions {
    private static final String HEADER = "# james-msa suspended accounts, changed by webadmin (/msa/suspensions) or james-msa admin user suspend|resume.\n"
        + "# login = {\"since\": RFC 3339 time, \"by\": who, \"reason\": why}\n";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PerUserFile<Suspension> file;

    private SuspensionsFile(Path path) {
        this.file = new PerUserFile<>(path, "the suspensions", HEADER, new PerUserFile.Codec<>() {
            @Override
            public Suspension read(Username user, String written) {
                return suspension(user, written);
            }

            @Override
            public String write(Suspension suspension) {
                return JSON.createObjectNode().put("since", suspension.since().toString()).put("by", suspension.by())
                    .put("reason", suspension.reason()).toString();
            }
        });
    }

    /** The suspensions in {@code file}; none when it does not exist yet. A line that cannot be read stops the start. */
    public static SuspensionsFile open(Path file) {
        return new SuspensionsFile(file);
    }

    private static Suspension suspension(Username user, String written) {
        try {
            JsonNode node = JSON.readTree(written);
            if (node != null && node.path("since").isTextual() && node.path("by").isTextual() && node.path("reason").isTextual()) {
                return new Suspension(user, Instant.parse(node.get("since").asText()), node.get("by").asText(), node.get("reason").asText());
            }
        } catch (JsonProcessingException | DateTimeParseException e) {
            // named below
        }
        throw new IllegalArgumentException("expected {\"since\": \"RFC 3339 time\", \"by\": \"...\", \"reason\": \"...\"}");
    }

    @Override
    public Optional<Suspension> of(Username user) {
        return file.get(user);
    }

    @Override
    public Map<Username, Suspension> all() {
        return file.all();
    }

    @Override
    public void suspend(Suspension suspension) {
        file.put(suspension.user(), suspension);
    }

    @Override
    public boolean resume(Username user) {
        return file.remove(user);
    }
}
