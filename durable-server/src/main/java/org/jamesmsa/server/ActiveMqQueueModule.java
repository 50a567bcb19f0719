package org.jamesmsa.server;

import java.io.FileNotFoundException;

import javax.inject.Provider;
import javax.jms.ConnectionFactory;

import org.apache.activemq.store.PersistenceAdapter;
import org.apache.activemq.store.kahadb.KahaDBPersistenceAdapter;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.james.core.healthcheck.HealthCheck;
import org.apache.james.queue.activemq.ActiveMQConfiguration;
import org.apache.james.queue.activemq.ActiveMQHealthCheck;
import org.apache.james.queue.activemq.ActiveMQMailQueueFactory;
import org.apache.james.queue.activemq.metric.ActiveMQMetricCollector;
import org.apache.james.queue.activemq.metric.ActiveMQMetricCollectorImpl;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.ManageableMailQueue;
import org.apache.james.utils.InitializationOperation;
import org.apache.james.utils.InitilizationOperationBuilder;
import org.apache.james.utils.PropertiesProvider;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Scopes;
import com.google.inject.Singleton;
import com.google.inject.TypeLiteral;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.ProvidesIntoSet;

/**
 * The mail queues (spool, outgoing) in an ActiveMQ broker in this process ({@link EmbeddedBroker}), persisted in a KahaDB journal under
 * {@code $MSA_HOME/var/store/activemq}; or, when {@code broker.url} of {@code activemq.properties} names them
 * (MSA_BROKER_URL), in external ActiveMQ brokers that several nodes share ({@link ExternalBroker}), so that a message
 * a node accepted outlives the node: any node's spooler takes it.
 *
 * <p>Why a message answered {@code 250} survives {@code kill -9}: James enqueues it before it replies, with a
 * synchronous persistent send; KahaDB fsyncs its journal before it acknowledges the send; and the spooler dequeues
 * in a transaction it commits only once the message has been fully processed, so a message being processed when the
 * process dies is delivered again at the next start (at least once, never zero times).</p>
 *
 * <p>Blob messages are off: James would write the message body to a side file that is flushed but never fsynced,
 * outside the journal's guarantee. With them off, the body travels inside the journal.</p>
 */
public class ActiveMqQueueModule extends AbstractModule {
    private static final Logger LOGGER = LoggerFactory.getLogger(ActiveMqQueueModule.class);

    @Override
    protected void configure() {
        bind(PersistenceAdapter.class).to(KahaDBPersistenceAdapter.class);
        bind(EmbeddedBroker.class).in(Scopes.SINGLETON);
        bind(ActiveMQMetricCollector.class).to(ActiveMQMetricCollectorImpl.class);
        bind(ActiveMQMetricCollectorImpl.class).in(Scopes.SINGLETON);
        Multibinder.newSetBinder(binder(), HealthCheck.class).addBinding().to(ActiveMQHealthCheck.class);
        // James asks for the queue factory under three generic types; all are the one ActiveMQ factory.
        bind(new TypeLiteral<MailQueueFactory<?>>() { }).to(ActiveMQMailQueueFactory.class);
        bind(new TypeLiteral<MailQueueFactory<? extends MailQueue>>() { }).to(ActiveMQMailQueueFactory.class);
        bind(new TypeLiteral<MailQueueFactory<? extends ManageableMailQueue>>() { }).to(ActiveMQMailQueueFactory.class);
    }

    @Provides
    @Singleton
    KahaDBPersistenceAdapter journal() {
        KahaDBPersistenceAdapter kahaDb = new KahaDBPersistenceAdapter();
        // The defaults, stated because durability rests on them: fsync the journal before acknowledging a send.
        kahaDb.setEnableJournalDiskSyncs(true);
        kahaDb.setJournalDiskSyncStrategy("always");
        return kahaDb;
    }

    /** The embedded broker is made (and its journal opened) only when no external one is named. */
    @Provides
    @Singleton
    ConnectionFactory connectionFactory(PropertiesProvider properties, Provider<EmbeddedBroker> embedded) throws ConfigurationException {
        String url = brokerUrl(properties);
        if (url.isEmpty()) {
            return embedded.get().connectionFactory();
        }
        LOGGER.info("Mail queues in the ActiveMQ brokers at {}", url);
        return ExternalBroker.connectionFactory(url);
    }

    private static String brokerUrl(PropertiesProvider properties) throws ConfigurationException {
        try {
            return properties.getConfiguration("activemq").getString("broker.url", "").strip();
        } catch (FileNotFoundException e) {
            return "";
        }
    }

    @Provides
    @Singleton
    ActiveMQMailQueueFactory activeMqQueues(ConnectionFactory broker, org.apache.james.queue.api.MailQueueItemDecoratorFactory decorators,
                                            org.apache.james.metrics.api.MetricFactory metrics,
                                            org.apache.james.metrics.api.GaugeRegistry gauges,
                                            ActiveMQMetricCollector collector) {
        ActiveMQMailQueueFactory queues = new ActiveMQMailQueueFactory(broker, decorators, metrics, gauges, collector);
        queues.setUseBlobMessages(false);
        queues.setUseJMX(false);
        queues.init();
        return queues;
    }

    /** {@code conf/activemq.properties} when present (queue metrics settings); James's defaults otherwise. */
    @Provides
    @Singleton
    ActiveMQConfiguration activeMqConfiguration(PropertiesProvider properties) throws ConfigurationException {
        try {
            return ActiveMQConfiguration.from(properties.getConfigurations("activemq"));
        } catch (FileNotFoundException e) {
            return ActiveMQConfiguration.getDefault();
        }
    }

    @ProvidesIntoSet
    InitializationOperation startQueueMetrics(ActiveMQMetricCollector collector) {
        return InitilizationOperationBuilder.forClass(ActiveMQMetricCollector.class).init(collector::start);
    }
}
