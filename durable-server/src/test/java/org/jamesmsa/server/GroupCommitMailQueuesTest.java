package org.jamesmsa.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.activemq.store.kahadb.KahaDBPersistenceAdapter;
import org.apache.james.core.builder.MimeMessageBuilder;
import org.apache.james.metrics.api.NoopGaugeRegistry;
import org.apache.james.metrics.tests.RecordingMetricFactory;
import org.apache.james.queue.activemq.metric.ActiveMQMetricCollectorNoop;
import org.apache.james.queue.api.MailQueue;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.queue.api.RawMailQueueItemDecoratorFactory;
import org.apache.james.server.core.JamesServerResourceLoader;
import org.apache.james.server.core.MailImpl;
import org.apache.james.server.core.filesystem.FileSystemImpl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import reactor.core.publisher.Flux;

/**
 * The bundle's mail queues: enqueues that run at once go out on sessions of their own (so that they can share a
 * journal flush), and every message enqueued is in the journal: after the broker stops and starts again, each comes
 * out once, with its body.
 */
class GroupCommitMailQueuesTest {
    private static final int THREADS = 16;
    private static final int EACH = 25;

    @TempDir
    Path home;

    @Test
    void concurrentEnqueuesUseSessionsOfTheirOwnAndEveryMessageOutlivesTheBroker() throws Exception {
        EmbeddedBroker broker = broker();
        GroupCommitMailQueues.Queue queue = (GroupCommitMailQueues.Queue) queues(broker).createQueue(MailQueueName.of("spool"));
        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> sends = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            sends.add(threads.submit(() -> {
                start.await();
                for (int i = 0; i < EACH; i++) {
                    String name = "m-" + thread + "-" + i;
                    queue.enQueue(MailImpl.builder().name(name).sender("alice@msa.test").addRecipient("bob@msa.test")
                        .mimeMessage(MimeMessageBuilder.mimeMessageBuilder().setSubject(name).setText("body of " + name)).build());
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> send : sends) {
            send.get();
        }
        threads.shutdown();
        assertThat(queue.senders()).as("sessions made for concurrent enqueues").isGreaterThan(1).isLessThanOrEqualTo(THREADS);
        queue.dispose();
        broker.stop();

        EmbeddedBroker restarted = broker();
        try {
            MailQueue again = queues(restarted).createQueue(MailQueueName.of("spool"));
            Map<String, String> bodies = new ConcurrentHashMap<>();
            Flux.from(again.deQueue()).take(THREADS * EACH).doOnNext(item -> {
                try {
                    String name = item.getMail().getName();
                    assertThat(bodies.put(name, ((String) item.getMail().getMessage().getContent()).strip()))
                        .as("delivered once: " + name).isNull();
                    item.done(MailQueue.MailQueueItem.CompletionStatus.SUCCESS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).blockLast(Duration.ofSeconds(120));

            assertThat(bodies).hasSize(THREADS * EACH);
            bodies.forEach((name, body) -> assertThat(body).isEqualTo("body of " + name));
        } finally {
            restarted.stop();
        }
    }

    private EmbeddedBroker broker() throws Exception {
        return new EmbeddedBroker(new FileSystemImpl(new JamesServerResourceLoader(home.toString())), new KahaDBPersistenceAdapter());
    }

    private static GroupCommitMailQueues queues(EmbeddedBroker broker) {
        GroupCommitMailQueues queues = new GroupCommitMailQueues(broker.connectionFactory(), new RawMailQueueItemDecoratorFactory(),
            new RecordingMetricFactory(), new NoopGaugeRegistry(), new ActiveMQMetricCollectorNoop());
        queues.setUseJMX(false);
        queues.init();
        return queues;
    }
}
