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
import org.jamesmsa.settings.ValueType;
import org.jamesmsa.smtp.limits.EditableUserQuotas;

/**
 * The per-user sending limits in one file ({@code limits.userFile}, packaged in MSA_HOME), edited through webadmin
 * ({@link UserLimitsRoutes}) or by hand while James is stopped:
 * <pre>
 * # login = messages per hour, recipients per hour (0: no limit)
 * newsletter@example.org = 2000, 20000
 * </pre>
 * Every change replaces the file whole: written beside it, forced to disk, renamed over it, so that a crash leaves
 * the old file or the new one, never part of one.
 */
public final class UserLimitsFile implements EditableUserQuotas {
    private static final String HEADER = "# james-msa per-user sending limits, edited by webadmin (/msa/user-limits).\n"
        + "# login = messages per hour, recipients per hour (0: no limit)\n";

    private final Path file;
    private final Map<Username, Quota> quotas = new ConcurrentHashMap<>();

    private UserLimitsFile(Path file) {
        this.file = file;
    }

    /** The limits in {@code file}; none when it does not exist yet. A line that is not a limit stops the start. */
    public static UserLimitsFile open(Path file) {
        UserLimitsFile limits = new UserLimitsFile(file);
        if (!Files.exists(file)) {
            return limits;
        }
        Properties lines = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            lines.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidSettingException(file + ": cannot be read: " + e.getMessage());
        }
        lines.stringPropertyNames().forEach(login -> limits.quotas.put(user(file, login), quota(file, login, lines.getProperty(login))));
        return limits;
    }

    private static Username user(Path file, String login) {
        try {
            return Username.of(login);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(file + ": '" + login + "' is not a user name");
        }
    }

    private static Quota quota(Path file, String login, String written) {
        String[] numbers = written.split(",");
        Optional<Integer> messages = numbers.length == 2 ? ValueType.COUNT_OR_OFF.parse(numbers[0].strip()) : Optional.empty();
        Optional<Integer> recipients = numbers.length == 2 ? ValueType.COUNT_OR_OFF.parse(numbers[1].strip()) : Optional.empty();
        if (messages.isEmpty() || recipients.isEmpty()) {
            throw new InvalidSettingException(file + ": " + login + " has value '" + written
                + "'; allowed values: messages per hour, recipients per hour (whole numbers, 0 for no limit)");
        }
        return new Quota(messages.get(), recipients.get());
    }

    @Override
    public Optional<Quota> of(Username user) {
        return Optional.ofNullable(quotas.get(user));
    }

    @Override
    public Map<Username, Quota> all() {
        Map<Username, Quota> sorted = new LinkedHashMap<>();
        quotas.entrySet().stream().sorted(Map.Entry.comparingByKey(Comparator.comparing(Username::asString)))
            .forEach(entry -> sorted.put(entry.getKey(), entry.getValue()));
        return sorted;
    }

    @Override
    public synchronized void set(Username user, Quota quota) {
        Optional<Quota> before = Optional.ofNullable(quotas.put(user, quota));
        saveOrRestore(user, before);
    }

    @Override
    public synchronized boolean remove(Username user) {
        Optional<Quota> before = Optional.ofNullable(quotas.remove(user));
        if (before.isPresent()) {
            saveOrRestore(user, before);
        }
        return before.isPresent();
    }

    /** A change that cannot be written is not applied: what James enforces is always what the file says. */
    private void saveOrRestore(Username user, Optional<Quota> before) {
        try {
            save();
        } catch (IOException e) {
            before.ifPresentOrElse(quota -> quotas.put(user, quota), () -> quotas.remove(user));
            throw new UncheckedIOException("cannot write the user limits to " + file, e);
        }
    }

    private void save() throws IOException {
        StringBuilder text = new StringBuilder(HEADER);
        all().forEach((user, quota) -> text.append(user.asString()).append(" = ").append(quota.messages()).append(", ")
            .append(quota.recipients()).append('\n'));
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
