package org.jamesmsa.server;

import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;

import javax.inject.Inject;

import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.tree.ImmutableNode;
import org.apache.james.rrt.api.RecipientRewriteTableException;
import org.apache.james.rrt.jpa.JPARecipientRewriteTable;
import org.apache.james.rrt.lib.Mapping;
import org.apache.james.rrt.lib.MappingSource;
import org.apache.james.rrt.lib.Mappings;
import org.jamesmsa.contracts.StoreChanges;
import org.jamesmsa.settings.Settings;
import org.jamesmsa.settings.ValueType;

/**
 * James's JPA recipient rewrite table with the stored mappings of each source kept in memory. James 3.8.1 asks the
 * database for every recipient, every relay decision and every "may this user send as" check, each a query for the
 * address and one for its domain, and almost always for an address that has no mapping: 11 % of the CPU under
 * submission load. Negative answers are kept as well as positive ones.
 *
 * <p>Every write of James's RRT API (webadmin's alias, forward, group and domain routes, the CLI) reaches
 * {@link #addMapping} or {@link #removeMapping}, which forget every answer (a domain mapping changes the answer for
 * every address of its domain): on this server's embedded Derby, which no other process can open, the cache is never
 * stale. {@code cacheSeconds} (recipientrewritetable.xml, MSA_RRT_CACHE_SECONDS) bounds how late a change made by
 * another node is seen when james-database.properties points several servers at one database server.</p>
 */
public class CachingRecipientRewriteTable extends JPARecipientRewriteTable {
    static final String CACHE_SECONDS = "cacheSeconds";
    /** Every RCPT, relay decision and sender check asked Derby otherwise: 11 % of the CPU under submission load. */
    public static final int DEFAULT_CACHE_SECONDS = 10;
    /** The elements James's own table reads, and ours. */
    private static final List<String> ELEMENTS = List.of("recursiveMapping", "mappingLimit", CACHE_SECONDS);

    private final RecentAnswers<MappingSource, Mappings> stored;

    private final StoreChanges changes;

    @Inject
    public CachingRecipientRewriteTable(StoreChanges changes) {
        this(changes, System::nanoTime);
    }

    /** With the time source of a test. */
    CachingRecipientRewriteTable(StoreChanges changes, LongSupplier nanoTime) {
        this.stored = new RecentAnswers<>(nanoTime, Duration.ofSeconds(DEFAULT_CACHE_SECONDS));
        this.changes = changes;
        // Another node changed an alias (through Redis): what is kept here may be the old mappings.
        changes.onChange(StoreChanges.ALIASES, source -> stored.forgetAll());
    }

    @Override
    protected void doConfigure(HierarchicalConfiguration<ImmutableNode> configuration) {
        Settings settings = Settings.ofXml(configuration, "recipientrewritetable.xml", ELEMENTS);
        stored.expireAfter(Duration.ofSeconds(settings.get(CACHE_SECONDS, ValueType.COUNT_OR_OFF, DEFAULT_CACHE_SECONDS)));
    }

    @Override
    public Mappings getStoredMappings(MappingSource source) throws RecipientRewriteTableException {
        return stored.get(source, super::getStoredMappings);
    }

    @Override
    public void addMapping(MappingSource source, Mapping mapping) throws RecipientRewriteTableException {
        stored.write(() -> super.addMapping(source, mapping));
        changes.announce(StoreChanges.ALIASES, source.asString());
    }

    @Override
    public void removeMapping(MappingSource source, Mapping mapping) throws RecipientRewriteTableException {
        stored.write(() -> super.removeMapping(source, mapping));
        changes.announce(StoreChanges.ALIASES, source.asString());
    }
}
