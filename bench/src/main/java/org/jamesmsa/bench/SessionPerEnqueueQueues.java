package org.jamesmsa.bench;

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
 * A measurement of {@link QueueHops}, not the server's queue: James's ActiveMQ mail queues with enqueues that may
 * share the journal's flushes. James 3.8.1 sends every message of a queue on that queue's one JMS session, and
 * ActiveMQ's session sends one message at a time, each waiting for its own fsync. Here each concurrent enqueue takes a
 * session of its own from a pool, so KahaDB can write the messages of many senders with one flush. The message, its
 * properties, its priority and the dequeue are James's; every send stays persistent and synchronous.
 *
 * <p>Why the server does not use it: the hop alone gains (QueueHops), the whole server at 16 connections on two cores
 * did not (BENCHMARKS.md, issue #23).</p>
 */
final class SessionPerEnqueueQueues extends ActiveMQMailQueueFactory {
    private final ActiveMQMetricCollector collector;

    SessionPerEnqueueQueues(ConnectionFactory broker, MailQueueItemDecoratorFactory decorators, MetricFactory metrics,
                            GaugeRegistry gauges, ActiveMQMetricCollector collector) {
        super(broker, decorators, metrics, gauges, collector);
        this.collector = collector;
    }

    @Override
    protected ManageableMailQueue createCacheableMailQueue(MailQueueName name) {
        collector.collectQueueStatistics(name);
        return new Queue(connectionFactory, mailQueueItemDecoratorFactory, name, metricFactory, gaugeRegistry);
    }

    /** One queue; its senders are pooled, one per enqueue in progress, and kept for the next ones. */
    static final class Queue extends ActiveMQCacheableMailQueue {
        private record Sender(Session session, MessageProducer producer) {
        }

        private final ConcurrentLinkedQueue<Sender> idle = new ConcurrentLinkedQueue<>();

        Queue(ConnectionFactory broker, MailQueueItemDecoratorFactory decorators, MailQueueName name, MetricFactory metrics,
              GaugeRegistry gauges) {
            // No blob messages: the body travels inside the journal, under its fsync, as in the server.
            super(broker, decorators, name, false, metrics, gauges);
        }

        @Override
        protected void produceMail(Map<String, Object> props, int msgPrio, Mail mail) throws JMSException, MessagingException, IOException {
            Sender sender = idle.poll();
            if (sender == null) {
                Session own = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
                sender = new Sender(own, own.createProducer(queue));
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
