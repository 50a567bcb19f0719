package org.jamesmsa.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

import javax.jms.ConnectionFactory;
import javax.jms.JMSException;
import javax.jms.Message;
import javax.jms.MessageProducer;
import javax.jms.ObjectMessage;
import javax.jms.Session;
import javax.mail.MessagingException;

import org.apache.james.metrics.api.GaugeRegistry;
import org.apache.james.metrics.api.MetricFactory;
import org.apache.james.queue.activemq.ActiveMQCacheableMailQueue;
import org.apache.james.queue.activemq.ActiveMQMailQueueFactory;
import org.apache.james.queue.activemq.metric.ActiveMQMetricCollector;
import org.apache.james.queue.api.MailQueueItemDecoratorFactory;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.queue.api.ManageableMailQueue;
import org.apache.mailet.Mail;

/**
 * James's ActiveMQ mail queues, with enqueues that share the journal's flushes. James 3.8.1 sends every message of a
 * queue on that queue's one JMS session, and ActiveMQ's session sends one message at a time, each waiting for its own
 * fsync: sixteen SMTP clients finishing DATA at once waited in line for sixteen flushes. Here each concurrent enqueue
 * takes a session of its own from a pool, so KahaDB writes the messages of many senders with one flush
 * (bench's QueueHops: twice the enqueues per second, a fifth of the p99).
 *
 * <p>Nothing else changes: the message, its properties and its priority are James's, every send is persistent and
 * synchronous (the client's {@code 250} still follows the fsync), and dequeues are James's own.</p>
 */
public final class GroupCommitMailQueues extends ActiveMQMailQueueFactory {
    /**
     * A measurement switch, not a setting: {@code -Dmsa.bench.serial-sends=true} makes James's own queues, so that the
     * benchmark measures this class on and off in one run (bench/compare.sh --lever).
     */
    static final String SERIAL_SENDS = "msa.bench.serial-sends";

    private final ActiveMQMetricCollector collector;

    public GroupCommitMailQueues(ConnectionFactory broker, MailQueueItemDecoratorFactory decorators, MetricFactory metrics,
                                 GaugeRegistry gauges, ActiveMQMetricCollector collector) {
        super(broker, decorators, metrics, gauges, collector);
        this.collector = collector;
        // The body travels inside the journal, under its fsync (see ActiveMqQueueModule).
        setUseBlobMessages(false);
    }

    @Override
    protected ManageableMailQueue createCacheableMailQueue(MailQueueName name) {
        if (Boolean.getBoolean(SERIAL_SENDS)) {
            return super.createCacheableMailQueue(name);
        }
        collector.collectQueueStatistics(name);
        return new Queue(connectionFactory, mailQueueItemDecoratorFactory, name, metricFactory, gaugeRegistry);
    }

    /** One queue; its senders are pooled, one per enqueue in progress, and kept for the next ones. */
    static final class Queue extends ActiveMQCacheableMailQueue {
        private record Sender(Session session, MessageProducer producer) {
        }

        private final ConcurrentLinkedQueue<Sender> idle = new ConcurrentLinkedQueue<>();
        private final java.util.concurrent.atomic.AtomicInteger made = new java.util.concurrent.atomic.AtomicInteger();

        Queue(ConnectionFactory broker, MailQueueItemDecoratorFactory decorators, MailQueueName name, MetricFactory metrics,
              GaugeRegistry gauges) {
            super(broker, decorators, name, false, metrics, gauges);
        }

        @Override
        protected void produceMail(Map<String, Object> props, int msgPrio, Mail mail) throws JMSException, MessagingException, IOException {
            Sender sender = idle.poll();
            if (sender == null) {
                Session own = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                sender = new Sender(own, own.createProducer(queue));
                made.incrementAndGet();
            }
            try {
                ObjectMessage message = sender.session().createObjectMessage();
                for (Map.Entry<String, Object> property : props.entrySet()) {
                    message.setObjectProperty(property.getKey(), property.getValue());
                }
                ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) Math.max(32, mail.getMessageSize()));
                mail.getMessage().writeTo(bytes);
                // A byte array, as James's own queue stores it: its dequeue reads this message unchanged.
                message.setObject(bytes.toByteArray());
                sender.producer().send(message, Message.DEFAULT_DELIVERY_MODE, msgPrio, Message.DEFAULT_TIME_TO_LIVE);
            } catch (JMSException | MessagingException | IOException | RuntimeException e) {
                // A session that failed a send is not lent again.
                closeProducer(sender.producer());
                closeSession(sender.session());
                throw e;
            }
            idle.offer(sender);
        }

        /** Sessions made so far: one per enqueue that ran while all others were busy. */
        int senders() {
            return made.get();
        }

        @Override
        public void dispose() {
            for (Sender sender = idle.poll(); sender != null; sender = idle.poll()) {
                closeProducer(sender.producer());
                closeSession(sender.session());
            }
            super.dispose();
        }
    }
}
