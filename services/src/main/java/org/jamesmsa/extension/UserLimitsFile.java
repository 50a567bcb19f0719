package org.jamesmsa.extension;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import org.apache.james.core.Username;
import org.jamesmsa.settings.ValueType;
import org.jamesmsa.smtp.limits.EditableUserQuotas;

/**
 * The per-user sending limits of one node in one file ({@code limits.userFile}, packaged in MSA_HOME), edited through
 * webadmin ({@link UserLimitsRoutes}) or by hand while James is stopped ({@link PerUserFile}):
 * <pre>
 * # login = messages per hour, recipients per hour (0: no limit)
 * newsletter@example.org = 2000, 20000
 * </pre>
 */
public final class UserLimitsFile implements EditableUserQuotas {
    private static final String HEADER = "# james-msa per-user sending limits, edited by webadmin (/msa/user-limits).\n"
        + "# login = messages per hour, recipients per hour (0: no limit)\n";

    private final PerUserFile<Quota> file;

    private UserLimitsFile(Path path) {
        this.file = new PerUserFile<>(path, "the user limits", HEADER, new PerUserFile.Codec<>() {
            @Override
            public Quota read(Username user, String written) {
                return quota(written);
            }

            @Override
            public String write(Quota quota) {
                return quota.messages() + ", " + quota.recipients();
            }
        });
    }

    /** The limits in {@code file}; none when it does not exist yet. A line that is not a limit stops the start. */
    public static UserLimitsFile open(Path file) {
        return new UserLimitsFile(file);
    }

    private static Quota quota(String written) {
        String[] numbers = written.split(",");
        Optional<Integer> messages = numbers.length == 2 ? ValueType.COUNT_OR_OFF.parse(numbers[0].strip()) : Optional.empty();
        Optional<Integer> recipients = numbers.length == 2 ? ValueType.COUNT_OR_OFF.parse(numbers[1].strip()) : Optional.empty();
        if (messages.isEmpty() || recipients.isEmpty()) {
            throw new IllegalArgumentException("allowed values: messages per hour, recipients per hour (whole numbers, 0 for no limit)");
        }
        return new Quota(messages.get(), recipients.get());
    }

    @Override
    public Optional<Quota> of(Username user) {
        return file.get(user);
    }

    @Override
    public Map<Username, Quota> all() {
        return file.all();
    }

    @Override
    public void set(Username user, Quota quota) {
        file.put(user, quota);
    }

    @Override
    public boolean remove(Username user) {
        return file.remove(user);
    }
}
