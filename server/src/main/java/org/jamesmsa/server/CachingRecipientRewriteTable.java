package org.jamesmsa.server;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.tree.ImmutableNode;
import org.apache.james.rrt.api.RecipientRewriteTableException;
import org.apache.james.rrt.jpa.JPARecipientRewriteTable;
import org.apache.james.rrt.lib.Mapping;
import org.apache.james.rrt.lib.MappingSource;
import org.apache.james.rrt.lib.Mappings;
import org.jamesmsa.settings.Settings;
import org.jamesmsa.settings.ValueType;

/**
 * James's JPA recipient rewrite table with the stored mappings of each source kept in memory. James 3.8.1 asks the
 * database for every recipient, every relay decision and every "may this user send as" check, each a query for the
 * address and one for its domain, and almost always for an address that has no mapping: 11 % of the CPU under
 * submission load. Negative answers are kept as well as positive ones.
 *
 * <p>Every write of James's RRT API (webadmin's alias, forward, group and domain routes, the CLI) reaches
 * {@link #addMapping} or {@link #removeMapping}, which forget every entry: on this server's embedded Derby, which no
 * other process can open, the cache is never stale. An entry also expires after {@code cacheSeconds}
 * (recipientrewritetable.xml, MSA_RRT_CACHE_SECONDS), which bounds how late a change made by another node is seen
 * when james-database.properties points several servers at one database server.</p>
 */
public class CachingRecipientRewriteTable extends JPARecipientRewriteTable {
    static final String CACHE_SECONDS = "cacheSeconds";
    /** The elements James's own table reads, and ours. */
    private static final List<String> ELEMENTS = List.of("recursiveMapping", "mappingLimit", CACHE_SECONDS);
    static final int DEFAULT_CACHE_SECONDS = 10;
    /** Bounded memory whatever the number of addresses asked for; past it, the next lookups ask the database. */
    private static final int MAX_ENTRIES = 50_000;

    private record Entry(Mappings mappings, long storedAt, long generation) {
    }

    private final Map<MappingSource, Entry> entries = new ConcurrentHashMap<>();
    /** Moves at every write: an answer read from the database while a write ran is never served afterwards. */
    private final AtomicLong generation = new AtomicLong();
    private final LongSupplier nanoTime;
    private volatile Duration ttl = Duration.ofSeconds(DEFAULT_CACHE_SECONDS);

    public CachingRecipientRewriteTable() {
        this(System::nanoTime);
    }

    /** With the time source of a test. */
    CachingRecipientRewriteTable(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    @Override
    protected void doConfigure(HierarchicalConfiguration<ImmutableNode> configuration) {
        Settings settings = Settings.ofXml(configuration, "recipientrewritetable.xml", ELEMENTS);
        ttl = Duration.ofSeconds(settings.get(CACHE_SECONDS, ValueType.COUNT_OR_OFF, DEFAULT_CACHE_SECONDS));
    }

    @Override
    public Mappings getStoredMappings(MappingSource source) throws RecipientRewriteTableException {
        Duration timeToLive = ttl;
        if (timeToLive.isZero()) {
            return super.getStoredMappings(source);
        }
        long current = generation.get();
        long now = nanoTime.getAsLong();
        Entry entry = entries.get(source);
        if (entry != null && entry.generation() == current && now - entry.storedAt() < timeToLive.toNanos()) {
            return entry.mappings();
        }
        Mappings stored = super.getStoredMappings(source);
        if (entries.size() >= MAX_ENTRIES) {
            entries.clear();
        }
        entries.put(source, new Entry(stored, now, current));
        return stored;
    }

    @Override
    public void addMapping(MappingSource source, Mapping mapping) throws RecipientRewriteTableException {
        // Forgotten before as well: the write itself reads the source's mappings to merge the new one into them.
        forgetAll();
        try {
            super.addMapping(source, mapping);
        } finally {
            forgetAll();
        }
    }

    @Override
    public void removeMapping(MappingSource source, Mapping mapping) throws RecipientRewriteTableException {
        forgetAll();
        try {
            super.removeMapping(source, mapping);
        } finally {
            forgetAll();
        }
    }

    /** A domain mapping changes the answer for every address of its domain: everything goes. */
    private void forgetAll() {
        generation.incrementAndGet();
        entries.clear();
    }
}
