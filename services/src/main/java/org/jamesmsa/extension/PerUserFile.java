package org.jamesmsa.extension;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.james.core.Username;
import org.jamesmsa.settings.InvalidSettingException;

/**
 * One value per user in a properties file under MSA_HOME ({@code login = value}), edited through webadmin or by hand
 * while James is stopped: the per-user limits and the suspensions of a single node. Every change replaces the file
 * whole: written beside it, forced to disk, renamed over it, so that a crash leaves the old file or the new one, never
 * part of one. A change that cannot be written is not applied, so that what James enforces is what the file says.
 */
final class PerUserFile<V> {

    /** How a value is written in, and read from, the text after {@code =}. */
    interface Codec<V> {
        /** @throws IllegalArgumentException with what is wrong, named in the error that stops the start */
        V read(Username user, String written);

        String write(V value);
    }

    private final Path file;
    private final String what;
    private final String header;
    private final Codec<V> codec;
    private final Map<Username, V> values = new ConcurrentHashMap<>();

    /**
     * The values in {@code file}; none when it does not exist yet. A line that cannot be read stops the start.
     *
     * @param what the contents, named in errors ("the user limits")
     */
    PerUserFile(Path file, String what, String header, Codec<V> codec) {
        this.file = file;
        this.what = what;
        this.header = header;
        this.codec = codec;
        if (Files.exists(file)) {
            load();
        }
    }

    private void load() {
        Properties lines = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            lines.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidSettingException(file + ": cannot be read: " + e.getMessage());
        }
        for (String login : lines.stringPropertyNames()) {
            Username user;
            try {
                user = Username.of(login);
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException(file + ": '" + login + "' is not a user name");
            }
            try {
                values.put(user, codec.read(user, lines.getProperty(login)));
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException(file + ": " + login + " has value '" + lines.getProperty(login) + "'; " + e.getMessage());
            }
        }
    }

    Optional<V> get(Username user) {
        return Optional.ofNullable(values.get(user));
    }

    /** Every user's value, by login, sorted. */
    Map<Username, V> all() {
        Map<Username, V> sorted = new LinkedHashMap<>();
        values.entrySet().stream().sorted(Map.Entry.comparingByKey(Comparator.comparing(Username::asString)))
            .forEach(entry -> sorted.put(entry.getKey(), entry.getValue()));
        return sorted;
    }

    synchronized void put(Username user, V value) {
        Optional<V> before = Optional.ofNullable(values.put(user, value));
        saveOrRestore(user, before);
    }

    /** True when the user had a value. */
    synchronized boolean remove(Username user) {
        Optional<V> before = Optional.ofNullable(values.remove(user));
        if (before.isPresent()) {
            saveOrRestore(user, before);
        }
        return before.isPresent();
    }

    private void saveOrRestore(Username user, Optional<V> before) {
        try {
            save();
        } catch (IOException e) {
            before.ifPresentOrElse(value -> values.put(user, value), () -> values.remove(user));
            throw new UncheckedIOException("cannot write " + what + " to " + file, e);
        }
    }

    private void save() throws IOException {
        StringBuilder text = new StringBuilder(header);
        // Properties.load reads a backslash as an escape: written doubled, a value reads back as it was.
        all().forEach((user, value) -> text.append(user.asString()).append(" = ")
            .append(codec.write(value).replace("\\", "\\\\")).append('\n'));
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path written = parent.resolve(file.getFileName() + ".new");
        try (FileChannel channel = FileChannel.open(written, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            channel.write(ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)));
            channel.force(true);
        }
        Files.move(written, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel directory = FileChannel.open(parent, StandardOpenOption.READ)) {
            directory.force(true);
        }
    }
}
