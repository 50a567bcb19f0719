package org.jamesmsa.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.activemq.store.kahadb.KahaDBPersistenceAdapter;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.james.queue.activemq.ActiveMQMailQueueFactory;
import org.apache.james.queue.activemq.metric.ActiveMQMetricCollectorNoop;
import org.apache.james.queue.api.MailPrioritySupport;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.queue.api.RawMailQueueItemDecoratorFactory;
import org.apache.james.server.core.MailImpl;
import org.apache.james.server.core.JamesServerResourceLoader;
import org.apache.james.server.core.filesystem.FileSystemImpl;
import org.apache.mailet.Attribute;
import org.apache.mailet.AttributeValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import reactor.core.publisher.Flux;

/** The single node's broker: messages queued with different priorities come out highest first (MT-PRIORITY). */
class EmbeddedBrokerTest {
    @TempDir
    Path home;

    @Test
    void aQueueHandsOutHigherPrioritiesFirstThenInOrderOfArrival() throws Exception {
        EmbeddedBroker broker = new EmbeddedBroker(new FileSystemImpl(new JamesServerResourceLoader(home.toString())),
            new KahaDBPersistenceAdapter());
        try {
            ActiveMQMailQueueFactory queues = new ActiveMQMailQueueFactory(broker.connectionFactory(), new RawMailQueueItemDecoratorFactory(),
                new RecordingMetricFactory(), new org.apache.james.metrics.api.NoopGaugeRegistry(), new ActiveMQMetricCollectorNoop());
            queues.setUseJMX(false);
            queues.setUseBlobMessages(false);
            queues.init();
            MailQueue queue = queues.createQueue(MailQueueName.of("priorities"));
            int[] priorities = {MailPrioritySupport.LOW_PRIORITY, MailPrioritySupport.NORMAL_PRIORITY, MailPrioritySupport.HIGH_PRIORITY, 7};
            for (int i = 0; i < priorities.length; i++) {
                queue.enQueue(MailImpl.builder().name("p" + priorities[i]).sender("alice@msa.test").addRecipient("bob@msa.test")
                    .mimeMessage(org.apache.james.core.builder.MimeMessageBuilder.mimeMessageBuilder().setText("m" + i))
                    .addAttribute(new Attribute(MailPrioritySupport.MAIL_PRIORITY, AttributeValue.of(priorities[i]))).build());
            }

            List<String> order = new ArrayList<>();
            Flux.from(queue.deQueue()).take(priorities.length).doOnNext(item -> {
                order.add(item.getMail().getName());
                try {
                    item.done(MailQueue.MailQueueItem.CompletionStatus.SUCCESS);
                } catch (MailQueue.MailQueueException e) {
                    throw new IllegalStateException(e);
                }
            }).blockLast(java.time.Duration.ofSeconds(60));

            assertThat(order).containsExactly("p9", "p7", "p5", "p0");
            queue.close();
        } finally {
            broker.stop();
        }
    }
}
