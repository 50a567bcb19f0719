package org.jamesmsa.server;

import javax.annotation.PreDestroy;
import javax.inject.Inject;
import javax.jms.ConnectionFactory;

import org.apache.activemq.ActiveMQConnectionFactory;
import org.apache.activemq.ActiveMQPrefetchPolicy;
import org.apache.activemq.broker.BrokerPlugin;
import org.apache.activemq.broker.BrokerService;
import org.apache.activemq.broker.jmx.ManagementContext;
import org.apache.activemq.broker.region.policy.PolicyEntry;
import org.apache.activemq.broker.region.policy.PolicyMap;
import org.apache.activemq.plugin.StatisticsBrokerPlugin;
import org.apache.activemq.store.PersistenceAdapter;
import org.apache.james.filesystem.api.FileSystem;

/**
 * The single node's ActiveMQ broker, in this process, as James's {@code EmbeddedActiveMQ} makes it (the same journal
 * folder, so an existing queue is kept, the same statistics plugin, no scheduler: James delays by a property and a
 * selector) with one difference: its queues hand out higher priorities first ({@link #prioritized}), so that
 * MT-PRIORITY (RFC 6710), mapped onto James's {@code MAIL_PRIORITY}, orders the queue. James's class starts its
 * broker in its constructor, before a destination policy could be given to it.
 */
public class EmbeddedBroker {
    private static final String JOURNAL = "file://var/store/activemq/brokers/KahaDB";
    private static final String BROKERS = "file://var/store/activemq/brokers";
    private static final String NAME = "james";

    private final BrokerService broker;
    private final ActiveMQConnectionFactory connections;

    @Inject
    public EmbeddedBroker(FileSystem fileSystem, PersistenceAdapter journal) throws Exception {
        journal.setDirectory(fileSystem.getFile(JOURNAL));
        broker = new BrokerService();
        broker.setBrokerName(NAME);
        broker.setBrokerId("broker");
        broker.setPersistenceAdapter(journal);
        broker.setDataDirectoryFile(fileSystem.getFile(BROKERS));
        configure(broker);
        broker.start();
        broker.waitUntilStarted();
        connections = new ActiveMQConnectionFactory("vm://" + NAME + "?create=false");
        connections.setTrustAllPackages(false);
        ActiveMQPrefetchPolicy prefetch = new ActiveMQPrefetchPolicy();
        // One message at a time per consumer: a message another spooler thread could take is never held back.
        prefetch.setQueuePrefetch(0);
        prefetch.setTopicPrefetch(0);
        connections.setPrefetchPolicy(prefetch);
    }

    /**
     * What every broker of the bundle's queues is, in this process or run by {@code james-msa-broker}: persistent,
     * without JMX or a shutdown hook (the server stops it in order), without the scheduler (James delays by a property
     * and a selector), with the statistics James asks of ActiveMQ.Statistics.* destinations, and queues by priority.
     */
    public static void configure(BrokerService broker) {
        broker.setPersistent(true);
        broker.setUseJmx(false);
        ManagementContext management = new ManagementContext();
        management.setCreateConnector(false);
        broker.setManagementContext(management);
        broker.setUseShutdownHook(false);
        broker.setSchedulerSupport(false);
        broker.setPlugins(new BrokerPlugin[] {new StatisticsBrokerPlugin()});
        broker.setEnableStatistics(true);
        broker.setDestinationPolicy(prioritized());
    }

    /** Every queue hands out its messages by JMS priority, highest first, then in order of arrival. */
    static PolicyMap prioritized() {
        PolicyEntry everyQueue = new PolicyEntry();
        everyQueue.setQueue(">");
        everyQueue.setPrioritizedMessages(true);
        PolicyMap policies = new PolicyMap();
        policies.setDefaultEntry(everyQueue);
        return policies;
    }

    public ConnectionFactory connectionFactory() {
        return connections;
    }

    @PreDestroy
    public void stop() throws Exception {
        broker.stop();
        broker.waitUntilStopped();
    }
}
