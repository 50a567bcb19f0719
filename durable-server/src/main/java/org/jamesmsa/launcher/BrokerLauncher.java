package org.jamesmsa.launcher;

import java.io.File;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

import org.apache.activemq.broker.BrokerService;
import org.apache.activemq.store.SharedFileLocker;
import org.apache.activemq.store.kahadb.KahaDBPersistenceAdapter;
import org.jamesmsa.contracts.NodeId;
import org.jamesmsa.settings.InvalidSettingException;
import org.jamesmsa.settings.ValueType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ActiveMQ 5.17 broker of the mail queue that several nodes share (MSA_BROKER_URL on the nodes), from the JARs the
 * distribution carries ({@code bin/james-msa-broker}). Two of them on one shared folder make a master and a slave:
 * the first to take the KahaDB folder's file lock serves; the other waits on the lock, its port closed, and serves
 * from the same journal the moment the master dies (kill -9 included: the lock goes with the process). Shared storage
 * rather than JDBC: the journal keeps the fsync-before-acknowledge of the single node, and nothing else is needed on
 * one machine or on a shared file system (NFSv4 with locks).
 *
 * <p>Settings: MSA_BROKER_LISTEN ({@code host:port}, default {@code 127.0.0.1:61616}), MSA_BROKER_DATA (the shared
 * folder, required), MSA_BROKER_NAME (default {@code james-msa}, the same on master and slave).</p>
 */
public final class BrokerLauncher {
    private static final Logger LOGGER = LoggerFactory.getLogger(BrokerLauncher.class);
    /** How often the master confirms it still holds the lock, and the slave tries to take it. */
    private static final long LOCK_PERIOD_MILLIS = 1_000;

    private BrokerLauncher() {
    }

    public static void main(String[] args) throws Exception {
        // Log lines name the broker as a node's name the node.
        System.setProperty(NodeId.PROPERTY, value(System.getenv(), "MSA_NODE_ID").orElse("broker"));
        BrokerService broker;
        try {
            broker = broker(System.getenv());
        } catch (InvalidSettingException e) {
            System.err.println("james-msa-broker: " + e.getMessage());
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                broker.stop();
                broker.waitUntilStopped();
            } catch (Exception e) {
                LOGGER.warn("Broker stop: {}", e.toString());
            }
            stopped.countDown();
        }, "james-msa-broker-stop"));
        LOGGER.info("Broker {}: taking the lock of {} (a slave waits here until the master goes)", broker.getBrokerName(),
            broker.getPersistenceAdapter());
        broker.start();
        broker.waitUntilStarted();
        LOGGER.info("Broker {} serves on {}", broker.getBrokerName(), broker.getTransportConnectors().get(0).getUri());
        stopped.await();
    }

    static BrokerService broker(Map<String, String> env) throws Exception {
        String listen = value(env, "MSA_BROKER_LISTEN").orElse("127.0.0.1:61616");
        if (!listen.matches("[A-Za-z0-9.:\\[\\]-]+:\\d{1,5}")) {
            throw new InvalidSettingException("MSA_BROKER_LISTEN='" + listen + "' must be host:port (example: 10.0.0.5:61616)");
        }
        File data = new File(value(env, "MSA_BROKER_DATA").orElseThrow(() -> new InvalidSettingException(
            "MSA_BROKER_DATA is not set: it names the folder master and slave share (their journal and its lock)")));
        String name = value(env, "MSA_BROKER_NAME").orElse("james-msa");
        if (ValueType.of("a name", text -> Optional.of(text).filter(t -> t.matches("[A-Za-z0-9._-]+"))).parse(name).isEmpty()) {
            throw new InvalidSettingException("MSA_BROKER_NAME='" + name + "' must be letters, digits, dots, hyphens");
        }

        KahaDBPersistenceAdapter journal = new KahaDBPersistenceAdapter();
        journal.setDirectory(new File(data, "kahadb"));
        // As the single node's: the journal is fsynced before a send is acknowledged, so a 250 is on disk.
        journal.setEnableJournalDiskSyncs(true);
        journal.setJournalDiskSyncStrategy("always");
        journal.setLockKeepAlivePeriod(LOCK_PERIOD_MILLIS);
        SharedFileLocker locker = new SharedFileLocker();
        locker.setLockAcquireSleepInterval(LOCK_PERIOD_MILLIS);
        journal.setLocker(locker);

        BrokerService broker = new BrokerService();
        broker.setBrokerName(name);
        broker.setPersistenceAdapter(journal);
        broker.setDataDirectoryFile(new File(data, "broker-" + listen.replaceAll("[^A-Za-z0-9]", "_")));
        org.jamesmsa.server.EmbeddedBroker.configure(broker);
        broker.addConnector("tcp://" + listen);
        return broker;
    }

    private static Optional<String> value(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).map(String::strip).filter(v -> !v.isEmpty());
    }
}
