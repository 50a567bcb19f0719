package org.jamesmsa.audit;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Reads the audit folder: finds records, and verifies it ({@link AuditVerifier}). The CLI and webadmin share it. */
public final class AuditQuery {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * Every criterion given must match; a Message-ID matches with or without its angle brackets, and a trace ID
     * finds the message and the bounces about it. Message records unless {@link #ofType} says otherwise.
     */
    public static final class Filter {
        private final Optional<String> messageId;
        private final Optional<String> traceId;
        private final Optional<String> user;
        private final Optional<String> clientIp;
        private final Optional<Instant> since;
        private final Optional<Instant> until;
        private final String type;
        private final Optional<String> bodySha256;

        public Filter(Optional<String> messageId, Optional<String> traceId, Optional<String> user,
                      Optional<String> clientIp, Optional<Instant> since, Optional<Instant> until) {
            this(messageId, traceId, user, clientIp, since, until, AuditMarkers.MESSAGE, Optional.empty());
        }

        private Filter(Optional<String> messageId, Optional<String> traceId, Optional<String> user, Optional<String> clientIp,
                       Optional<Instant> since, Optional<Instant> until, String type, Optional<String> bodySha256) {
            this.type = type;
            this.bodySha256 = bodySha256;
            this.messageId = messageId;
            this.traceId = traceId;
            this.user = user;
            this.clientIp = clientIp;
            this.since = since;
            this.until = until;
        }

        public static Filter any() {
            return new Filter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty());
        }

        /** The same criteria on records of {@code type}: {@code message} or {@code account}. */
        public Filter ofType(String type) {
            return new Filter(messageId, traceId, user, clientIp, since, until, type, bodySha256);
        }

        /** The same criteria on messages whose body has this hash ({@link BodyHash}). */
        public Filter withBodySha256(String hash) {
            return new Filter(messageId, traceId, user, clientIp, since, until, type, Optional.of(hash));
        }

        boolean matches(JsonNode record) {
            if (!type.equals(AuditMarkers.typeOf(record))) {
                return false;
            }
            Instant ts = Instant.parse(text(record, AuditField.TS));
            return messageId.map(id -> bare(id).equals(bare(text(record, AuditField.MESSAGE_ID)))).orElse(true)
                && traceId.map(id -> id.equals(text(record, AuditField.TRACE_ID)) || id.equals(text(record, AuditField.ABOUT)))
                    .orElse(true)
                && user.map(u -> u.equalsIgnoreCase(text(record, AuditField.AUTH_USER))).orElse(true)
                && bodySha256.map(hash -> hash.equals(text(record, AuditField.BODY_SHA256))).orElse(true)
                && clientIp.map(ip -> ip.equals(text(record, AuditField.CLIENT_IP))).orElse(true)
                && since.map(s -> !ts.isBefore(s)).orElse(true)
                && until.map(u -> ts.isBefore(u)).orElse(true);
        }

        private static String bare(String messageId) {
            String trimmed = messageId.strip();
            return trimmed.startsWith("<") && trimmed.endsWith(">") ? trimmed.substring(1, trimmed.length() - 1) : trimmed;
        }
    }

    /** A field's text, as written ({@code "null"} never: an absent value reads as empty). */
    public static String text(JsonNode record, AuditField field) {
        JsonNode value = record.path(field.json());
        return value.isNull() || value.isMissingNode() ? "" : value.asText();
    }

    private AuditQuery() {
    }

    public static List<JsonNode> find(Path directory, Filter filter) throws IOException {
        List<JsonNode> found = new ArrayList<>();
        for (Path file : AuditFiles.list(directory)) {
            try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonNode record;
                    try {
                        record = MAPPER.readTree(line);
                    } catch (IOException unreadable) {
                        continue; // verify reports it; find shows what can be read
                    }
                    if (filter.matches(record)) {
                        found.add(record);
                    }
                }
            }
        }
        return found;
    }

    /** Checks the folder and its anchors in their default place: {@link AuditVerifier}. */
    public static AuditVerifier.Report verify(Path directory) throws IOException {
        return AuditVerifier.verify(new AuditVerifier.Options(directory));
    }

    /** Which end of a period a time given as a day stands for. */
    public enum Bound {
        /** A day means its first instant. */
        SINCE,
        /** A day means the instant after it: {@code --until 2026-11-25} includes the 25th. */
        UNTIL
    }

    private static final Pattern RELATIVE = Pattern.compile("(\\d{1,6})([mhdw])");

    /**
     * A time as operators write it: RFC 3339 ({@code 2026-11-25T08:00:00Z}), a UTC day ({@code 2026-11-25}), or an
     * age ({@code 30m}, {@code 12h}, {@code 7d}, {@code 2w}) counted back from now.
     *
     * @throws IllegalArgumentException naming the forms accepted
     */
    public static Instant time(String text, Bound bound, Clock clock) {
        String written = text.strip();
        Matcher relative = RELATIVE.matcher(written);
        if (relative.matches()) {
            long amount = Long.parseLong(relative.group(1));
            Duration unit = Map.of("m", Duration.ofMinutes(1), "h", Duration.ofHours(1), "d", Duration.ofDays(1),
                "w", Duration.ofDays(7)).get(relative.group(2));
            return clock.instant().minus(unit.multipliedBy(amount));
        }
        try {
            LocalDate day = LocalDate.parse(written);
            return (bound == Bound.UNTIL ? day.plusDays(1) : day).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeParseException notADay) {
            try {
                return OffsetDateTime.parse(written).toInstant();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("'" + text + "' is not a time: write 2026-11-25T08:00:00Z, 2026-11-25 "
                    + "(a UTC day), or an age such as 30m, 12h, 7d, 2w");
            }
        }
    }
}
