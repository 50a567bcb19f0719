package org.jamesmsa.audit;

import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What the MSA knows of one accepted message: a value per {@link AuditField}, written in the schema's order and
 * kinds. {@code prev} and {@code hash} are added by the store when the record takes its place in the chain. An
 * {@code account} record ({@link #account}) says what an operator did to an account, in the same chain, with only
 * the fields it sets.
 */
public final class AuditRecord {
    private final Instant ts;
    private final String type;
    private final Map<AuditField, Object> values;

    private AuditRecord(Instant ts, String type, Map<AuditField, Object> values) {
        this.ts = Objects.requireNonNull(ts, "ts");
        this.type = type;
        this.values = new EnumMap<>(values);
    }

    /** A message record. */
    public static Builder at(Instant ts) {
        return new Builder(ts, AuditMarkers.MESSAGE);
    }

    /** An account record: set {@code authUser}, {@code action}, {@code by}, and {@code reason} or {@code held}. */
    public static Builder account(Instant ts) {
        return new Builder(ts, AuditMarkers.ACCOUNT);
    }

    public Instant ts() {
        return ts;
    }

    /** A text field's value, empty when absent. */
    public Optional<String> text(AuditField field) {
        return Optional.ofNullable(values.get(field)).map(String::valueOf);
    }

    /** The JSON object in the order of {@link AuditField}, at {@code seq} chained to {@code prev}, without {@code hash}. */
    ObjectNode toJson(ObjectMapper mapper, long seq, String prev) {
        ObjectNode node = mapper.createObjectNode();
        boolean message = AuditMarkers.MESSAGE.equals(type);
        for (AuditField field : AuditField.values()) {
            Object value = values.get(field);
            if (field.kind() != AuditField.Kind.TIME && field.kind() != AuditField.Kind.CHAIN
                    && (message ? !field.inMessages() : value == null)) {
                continue;
            }
            switch (field.kind()) {
                case TIME:
                    node.put(field.json(), AuditFiles.RFC3339.format(ts));
                    break;
                case NUMBER:
                    node.put(field.json(), value == null ? 0L : (Long) value);
                    break;
                case LIST:
                    ArrayNode items = node.putArray(field.json());
                    if (value != null) {
                        ((List<?>) value).forEach(item -> items.add(String.valueOf(item)));
                    }
                    break;
                case TLS:
                    if (value == null) {
                        node.putNull(field.json());
                    } else {
                        String[] tls = (String[]) value;
                        node.putObject(field.json()).put("protocol", tls[0]).put("cipher", tls[1]);
                    }
                    break;
                case CHAIN:
                    chainField(node, field, seq, prev, type);
                    break;
                default:
                    node.put(field.json(), (String) value);
            }
        }
        return node;
    }

    private static void chainField(ObjectNode node, AuditField field, long seq, String prev, String type) {
        switch (field) {
            case SEQ:
                node.put(field.json(), seq);
                break;
            case TYPE:
                node.put(field.json(), type);
                break;
            case PREV:
                node.put(field.json(), prev);
                break;
            default:
                break;
        }
    }

    /** Sets fields one by one; fields left unset are written as the schema says for absent values. */
    public static final class Builder {
        private final Instant ts;
        private final String type;
        private final Map<AuditField, Object> values = new EnumMap<>(AuditField.class);

        private Builder(Instant ts, String type) {
            this.ts = ts;
            this.type = type;
        }

        /** A text field; null leaves it absent. */
        public Builder with(AuditField field, String value) {
            return set(field, AuditField.Kind.TEXT, value);
        }

        public Builder with(AuditField field, long value) {
            return set(field, AuditField.Kind.NUMBER, value);
        }

        public Builder origin(AuditField.Origin origin) {
            return with(AuditField.ORIGIN, origin.label());
        }

        public Builder with(AuditField field, List<String> value) {
            return set(field, AuditField.Kind.LIST, List.copyOf(value));
        }

        /** Both null for a session without TLS. */
        public Builder tls(String protocol, String cipher) {
            return set(AuditField.TLS, AuditField.Kind.TLS, protocol == null ? null : new String[] {protocol, cipher});
        }

        private Builder set(AuditField field, AuditField.Kind kind, Object value) {
            if (field.kind() != kind) {
                throw new IllegalArgumentException(field.json() + " is a " + field.kind() + " field, not " + kind);
            }
            Optional.ofNullable(value).ifPresent(present -> values.put(field, present));
            return this;
        }

        public AuditRecord build() {
            return new AuditRecord(ts, type, values);
        }
    }
}
