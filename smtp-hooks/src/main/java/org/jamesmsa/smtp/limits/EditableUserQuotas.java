package org.jamesmsa.smtp.limits;

import java.util.Map;

import org.apache.james.core.Username;

/** {@link UserQuotas} that webadmin edits ({@code /msa/user-limits}): a file on one node, the database for several. */
public interface EditableUserQuotas extends UserQuotas {

    /** Every user's own limits, by login, sorted. */
    Map<Username, Quota> all();

    void set(Username user, Quota quota);

    /** True when the user had limits of their own. */
    boolean remove(Username user);
}
