package org.jamesmsa.settings;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One kind of setting value, read from text, with the words that tell an operator what is allowed. The same types
 * read smtpserver.xml, mailetcontainer.xml, james-msa.properties and the launcher's MSA_* variables, so a port or a
 * whole number is checked, and refused, the same way everywhere.
 *
 * @param <T> the value read
 */
public final class ValueType<T> {
    private final String allowed;
    private final Function<String, Optional<T>> parser;

    private ValueType(String allowed, Function<String, Optional<T>> parser) {
        this.allowed = allowed;
        this.parser = parser;
    }

    /** A type of your own: {@code parser} answers empty for text it refuses. */
    public static <T> ValueType<T> of(String allowed, Function<String, Optional<T>> parser) {
        return new ValueType<>(allowed, parser);
    }

    /** Any text, surrounding spaces removed. */
    public static final ValueType<String> TEXT = new ValueType<>("any text", Optional::of);

    public static final ValueType<Integer> POSITIVE_INT = new ValueType<>("a whole number greater than 0",
        text -> wholeNumber(text).filter(value -> value > 0));

    /** A whole number no smaller than {@code minimum}; {@code why} says where the floor comes from. */
    public static ValueType<Integer> atLeast(int minimum, String why) {
        return new ValueType<>("a whole number, at least " + minimum + " (" + why + ")",
            text -> wholeNumber(text).filter(value -> value >= minimum));
    }

    /** A count where 0 turns the feature off (a limit, say). */
    public static final ValueType<Integer> COUNT_OR_OFF = new ValueType<>("a whole number, 0 to turn it off",
        text -> wholeNumber(text).filter(value -> value >= 0));

    public static final ValueType<Integer> PORT = new ValueType<>("a TCP port (1 to 65535)",
        text -> wholeNumber(text).filter(value -> value >= 1 && value <= 65535));

    /** A listener's port, where 0 turns the listener off. */
    public static final ValueType<Integer> PORT_OR_OFF = new ValueType<>("a TCP port (1 to 65535, or 0 to turn the listener off)",
        text -> wholeNumber(text).filter(value -> value >= 0 && value <= 65535));

    public static final ValueType<Boolean> BOOLEAN = new ValueType<>("true, false", text -> {
        switch (text.toLowerCase(Locale.US)) {
            case "true":
                return Optional.of(true);
            case "false":
                return Optional.of(false);
            default:
                return Optional.empty();
        }
    });

    public static final ValueType<Duration> MILLISECONDS = new ValueType<>("a whole number of milliseconds greater than 0",
        text -> wholeNumber(text).filter(value -> value > 0).map(Duration::ofMillis));

    /** One of the constants of an enum, written in lower case in configuration ({@code accept}, {@code csv}). */
    public static <E extends Enum<E>> ValueType<E> choice(Class<E> type) {
        String names = Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.US))
            .collect(Collectors.joining(", "));
        return new ValueType<>(names, text -> Arrays.stream(type.getEnumConstants())
            .filter(constant -> constant.name().equalsIgnoreCase(text)).findFirst());
    }

    /** One of these lower-case words, written in any case; the value is the word in lower case. */
    public static ValueType<String> word(String... words) {
        java.util.List<String> known = java.util.List.of(words);
        return new ValueType<>(String.join(", ", known),
            text -> Optional.of(text.toLowerCase(Locale.ROOT)).filter(known::contains));
    }

    /** The value, or empty when the text is not of this type. Surrounding spaces are ignored. */
    public Optional<T> parse(String text) {
        return text == null ? Optional.empty() : parser.apply(text.strip());
    }

    /** What this type accepts, in words: "true, false", "a whole number greater than 0". */
    public String allowed() {
        return allowed;
    }

    private static Optional<Integer> wholeNumber(String text) {
        try {
            return Optional.of(Integer.parseInt(text));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
