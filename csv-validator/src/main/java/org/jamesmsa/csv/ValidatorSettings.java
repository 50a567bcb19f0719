package org.jamesmsa.csv;

import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * @param profile          CSV (draft-00) or CSA (Exim's reading)
 * @param wellKnownDomains CSV: names at or under these domains are associated by forward A/AAAA records alone
 * @param budget           total DNS time of one validation; past it the verdict is temperror
 * @param csaSearchLimit   CSA: parent domains searched for "explicit authorization required" (Exim's default: 5)
 * @param csaUseReverse    CSA: check address literals (and bare addresses) through their reverse name
 */
public record ValidatorSettings(Profile profile, Set<String> wellKnownDomains, Duration budget, int csaSearchLimit,
                                boolean csaUseReverse) {

    public static final Duration DEFAULT_BUDGET = Duration.ofSeconds(2);
    public static final int DEFAULT_CSA_SEARCH_LIMIT = 5;

    public ValidatorSettings {
        wellKnownDomains = wellKnownDomains.stream()
            .map(domain -> domain.strip().toLowerCase(Locale.ROOT))
            .filter(domain -> !domain.isEmpty())
            .collect(Collectors.toUnmodifiableSet());
    }

    public static ValidatorSettings defaults(Profile profile) {
        return new ValidatorSettings(profile, Set.of(), DEFAULT_BUDGET, DEFAULT_CSA_SEARCH_LIMIT, true);
    }

    boolean isWellKnown(String name) {
        return wellKnownDomains.stream().anyMatch(domain -> name.equals(domain) || name.endsWith("." + domain));
    }
}
