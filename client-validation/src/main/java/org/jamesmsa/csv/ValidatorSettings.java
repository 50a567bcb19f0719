package org.jamesmsa.csv;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * How a listener validates EHLO names.
 * <ul>
 *   <li>{@code profile}: CSV (draft-00) or CSA (Exim's reading)</li>
 *   <li>{@code wellKnownDomains}: CSV: names at or under these domains are associated by forward A/AAAA records
 *   alone</li>
 *   <li>{@code budget}: total DNS time of one validation; past it the verdict is temperror</li>
 *   <li>{@code csaSearchLimit}: CSA: parent domains searched for "explicit authorization required" (Exim's
 *   default: 5)</li>
 *   <li>{@code csaUseReverse}: CSA: check address literals (and bare addresses) through their reverse name</li>
 * </ul>
 */
public final class ValidatorSettings {

    public static final Duration DEFAULT_BUDGET = Duration.ofSeconds(2);
    public static final int DEFAULT_CSA_SEARCH_LIMIT = 5;

    private final Profile profile;
    private final Set<String> wellKnownDomains;
    private final Duration budget;
    private final int csaSearchLimit;
    private final boolean csaUseReverse;

    public ValidatorSettings(Profile profile, Set<String> wellKnownDomains, Duration budget, int csaSearchLimit,
                             boolean csaUseReverse) {
        this.profile = profile;
        this.wellKnownDomains = wellKnownDomains.stream()
            .map(domain -> domain.strip().toLowerCase(Locale.ROOT))
            .filter(domain -> !domain.isEmpty())
            .collect(Collectors.toUnmodifiableSet());
        this.budget = budget;
        this.csaSearchLimit = csaSearchLimit;
        this.csaUseReverse = csaUseReverse;
    }

    public static ValidatorSettings defaults(Profile profile) {
        return new ValidatorSettings(profile, Set.of(), DEFAULT_BUDGET, DEFAULT_CSA_SEARCH_LIMIT, true);
    }

    public Profile profile() {
        return profile;
    }

    public Set<String> wellKnownDomains() {
        return wellKnownDomains;
    }

    public Duration budget() {
        return budget;
    }

    public int csaSearchLimit() {
        return csaSearchLimit;
    }

    public boolean csaUseReverse() {
        return csaUseReverse;
    }

    boolean isWellKnown(String name) {
        return wellKnownDomains.stream().anyMatch(domain -> name.equals(domain) || name.endsWith("." + domain));
    }
}
